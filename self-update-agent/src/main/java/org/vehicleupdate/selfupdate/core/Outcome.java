package org.vehicleupdate.selfupdate.core;

import java.util.Objects;
import org.vehicleupdate.messages.Status;

/**
 * A status with the reason a person reads: how a phase failed ({@code DOWNLOAD_FAILURE} ... {@code
 * ROLLBACK_FAILURE}), or how the activity ended ({@code COMPLETED} or {@code INCOMPLETE}).
 */
public record Outcome(Status status, String message) {
    public Outcome {
        Objects.requireNonNull(status, "status");
        message = UpdateRequest.text(message);
    }
}

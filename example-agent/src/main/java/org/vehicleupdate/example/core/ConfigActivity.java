package org.vehicleupdate.example.core;

import java.util.List;
import java.util.Objects;
import org.vehicleupdate.messages.Status;

/**
 * The activity and where it stands: the status it last reported and why. Immutable; the journal keeps the newest.
 */
public record ConfigActivity(String activityId, Status status, String message, List<ConfigFile> files) {
    public ConfigActivity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        files = List.copyOf(files);
    }

    ConfigActivity now(Status next, String why) {
        return new ConfigActivity(activityId, next, why, files);
    }
}

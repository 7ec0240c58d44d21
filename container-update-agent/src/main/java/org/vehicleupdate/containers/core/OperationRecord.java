package org.vehicleupdate.containers.core;

import java.util.List;
import java.util.Objects;
import org.vehicleupdate.messages.Status;

/**
 * An {@link Operation} as the journal keeps it: immutable, every field named, written and read by the store's
 * codec field by field.
 */
public record OperationRecord(String activityId, Status status, String message, String baseline, boolean finished,
        boolean activated, boolean rolledBack, boolean hostChanged, List<ActionRecord> actions) {
    public OperationRecord {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(baseline, "baseline");
        actions = List.copyOf(actions);
    }
}

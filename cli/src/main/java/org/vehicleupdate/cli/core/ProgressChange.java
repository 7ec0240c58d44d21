package org.vehicleupdate.cli.core;

import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

/** Something about a followed activity that the operator should see, because it differs from what was shown. */
public sealed interface ProgressChange {

    /** The status of the whole update (update-manager) changed, or its message did. */
    record ActivityStatus(Status status, String message) implements ProgressChange {
    }

    /** A domain's agent reported a new phase status, or a new message. */
    record DomainStatus(String domain, Status status, String message) implements ProgressChange {
    }

    /**
     * A component's action changed: its status, progress or message.
     *
     * @param componentId prefixed with its domain, as on the wire ({@code containers:hello-world})
     * @param domain      the prefix, or empty when the id has none
     */
    record ComponentStatus(String componentId, String domain, String version, ActionStatus status, int progress,
            String message) implements ProgressChange {
    }

    /** A feedback message of this activity could not be read; the update goes on, the operator should know. */
    record UnreadableFeedback(String source, String reason) implements ProgressChange {
    }
}

package org.vehicleupdate.messages;

import java.util.List;
import java.util.Objects;

/** How an update goes: from an agent for its domain, or from the update-manager for the whole vehicle. */
public record DesiredStateFeedback(String baseline, Status status, String message, List<Action> actions) {
    public DesiredStateFeedback {
        baseline = Values.text(baseline);
        Objects.requireNonNull(status, "status");
        message = Values.text(message);
        actions = Values.list(actions);
    }

    public static DesiredStateFeedback of(Status status, String message, List<Action> actions) {
        return new DesiredStateFeedback("", status, message, actions);
    }
}

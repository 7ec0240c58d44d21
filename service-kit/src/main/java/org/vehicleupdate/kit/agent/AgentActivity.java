package org.vehicleupdate.kit.agent;

import java.util.Objects;
import org.vehicleupdate.messages.Status;

/**
 * Where an agent's activity stands, as the protocol sees it: its id and the status it last reported for
 * itself (the status a person would say it is in). What the command gate and the refusals work with.
 */
public record AgentActivity(String activityId, Status status) {
    public AgentActivity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(status, "status");
    }

    /** The activity ended with COMPLETED or INCOMPLETE: a new desired state may replace it at any time. */
    public boolean finished() {
        return status == Status.COMPLETED || status == Status.INCOMPLETE;
    }
}

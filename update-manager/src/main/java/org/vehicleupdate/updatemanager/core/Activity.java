package org.vehicleupdate.updatemanager.core;

import java.util.Objects;

/** One update activity: what it is to do and how far it got. */
public record Activity(ActivityPlan plan, ActivityProgress progress) {
    public Activity {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(progress, "progress");
    }

    public String activityId() {
        return plan.activityId();
    }

    public OrchestrationPhase phase() {
        return progress.phase();
    }

    public Activity with(ActivityProgress next) {
        return new Activity(plan, next);
    }
}

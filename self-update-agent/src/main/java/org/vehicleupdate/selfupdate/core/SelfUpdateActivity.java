package org.vehicleupdate.selfupdate.core;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.vehicleupdate.messages.Status;

/**
 * One OS update: what was asked ({@link UpdateRequest}), where it stands ({@link Standing}) and what its steps
 * learnt ({@link StepFacts}). Immutable; the journal keeps the newest one, so that the agent carries on after a
 * restart or a power loss.
 */
public record SelfUpdateActivity(UpdateRequest request, Standing standing, StepFacts facts) {
    public SelfUpdateActivity {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(standing, "standing");
        Objects.requireNonNull(facts, "facts");
    }

    public static SelfUpdateActivity identified(UpdateRequest request) {
        return new SelfUpdateActivity(request, Standing.identified(), StepFacts.NONE);
    }

    /** A desired state that needed nothing: finished as soon as it was identified. */
    public static SelfUpdateActivity nothingToDo(String activityId, String version, String message) {
        return new SelfUpdateActivity(UpdateRequest.nothingToDo(activityId, version),
                Standing.identified().finished(new Outcome(Status.COMPLETED, message)), StepFacts.NONE);
    }

    public String activityId() {
        return request.activityId();
    }

    public String version() {
        return request.version();
    }

    public ActivityState state() {
        return standing.state();
    }

    public ActivityState reached() {
        return standing.reached();
    }

    /** The status a person would say this activity is in. */
    public Status currentStatus() {
        return standing.currentStatus();
    }

    public SelfUpdateActivity in(ActivityState next) {
        return new SelfUpdateActivity(request, standing.in(next), facts);
    }

    public SelfUpdateActivity failed(Status status, String message) {
        return new SelfUpdateActivity(request, standing.failed(new Outcome(status, message)), facts);
    }

    public SelfUpdateActivity rolledBack(String message) {
        return new SelfUpdateActivity(request, standing.rolledBack(message), facts);
    }

    public SelfUpdateActivity finished(Status status, String message) {
        return new SelfUpdateActivity(request, standing.finished(new Outcome(status, message)), facts);
    }

    public SelfUpdateActivity withFacts(UnaryOperator<StepFacts> change) {
        return new SelfUpdateActivity(request, standing, change.apply(facts));
    }
}

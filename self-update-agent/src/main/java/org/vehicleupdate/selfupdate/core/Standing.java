package org.vehicleupdate.selfupdate.core;

import java.util.Objects;
import java.util.Optional;
import org.vehicleupdate.messages.Status;

/**
 * Where an activity stands.
 *
 * @param state           where it is now
 * @param reached         the furthest successful state ({@code IDENTIFIED} .. {@code VERIFIED})
 * @param failure         the phase that failed, if one did (kept after a rollback and at the end)
 * @param rollbackMessage what the rollback did, empty if there was none
 * @param end             how it ended, once {@link ActivityState#FINISHED}
 */
public record Standing(ActivityState state, ActivityState reached, Optional<Outcome> failure, String rollbackMessage,
        Optional<Outcome> end) {
    public Standing {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reached, "reached");
        Objects.requireNonNull(failure, "failure");
        rollbackMessage = UpdateRequest.text(rollbackMessage);
        Objects.requireNonNull(end, "end");
    }

    static Standing identified() {
        return new Standing(ActivityState.IDENTIFIED, ActivityState.IDENTIFIED, Optional.empty(), "",
                Optional.empty());
    }

    /** In a new state; a successful one beyond the furthest reached so far is the furthest now. */
    Standing in(ActivityState next) {
        ActivityState furthest = switch (next) {
            case IDENTIFIED, DOWNLOADED, INSTALLED, ACTIVATED, VERIFIED -> next.passed(reached) ? next : reached;
            default -> reached;
        };
        return new Standing(next, furthest, failure, rollbackMessage, end);
    }

    Standing failed(Outcome how) {
        return new Standing(ActivityState.FAILED, reached, Optional.of(how), rollbackMessage, end);
    }

    Standing rolledBack(String message) {
        return new Standing(ActivityState.ROLLED_BACK, reached, failure, message, end);
    }

    Standing finished(Outcome how) {
        return new Standing(ActivityState.FINISHED, reached, failure, rollbackMessage, Optional.of(how));
    }

    /** Whether the phase of this failure status failed. */
    boolean failedWith(Status status) {
        return failure.isPresent() && failure.get().status() == status;
    }

    /** Whether RAUC (installing) or ACTIVATE may have changed the boot order. */
    boolean touchedBootOrder() {
        return reached.passed(ActivityState.INSTALLED) || failedWith(Status.UPDATE_FAILURE)
                || failedWith(Status.ROLLBACK_FAILURE) || state == ActivityState.INSTALLING;
    }

    /** The status a person would say the activity is in. */
    Status currentStatus() {
        return switch (state) {
            case FAILED -> failure.map(Outcome::status).orElse(Status.INCOMPLETE);
            case FINISHED -> end.map(Outcome::status).orElse(Status.COMPLETED);
            default -> state.reported();
        };
    }
}

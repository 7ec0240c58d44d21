package org.vehicleupdate.updatemanager.core;

import java.util.Objects;
import java.util.Optional;

/**
 * How far one domain of an activity got: its state on the way through the phases, its clean-up, and why it
 * failed if it did. Immutable; the orchestrator replaces it with each change.
 */
public record DomainProgress(String domain, DomainState state, CleanupState cleanup, Optional<Failure> failure) {
    public DomainProgress {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cleanup, "cleanup");
        Objects.requireNonNull(failure, "failure");
    }

    /** A domain the desired state was just sent to. */
    public static DomainProgress identifying(String domain) {
        return new DomainProgress(domain, DomainState.IDENTIFYING, CleanupState.NOT_SENT, Optional.empty());
    }

    public DomainProgress with(DomainState next) {
        return new DomainProgress(domain, next, cleanup, failure);
    }

    public DomainProgress with(CleanupState next) {
        return new DomainProgress(domain, state, next, failure);
    }

    public DomainProgress failed(Failure why) {
        return new DomainProgress(domain, DomainState.FAILED, cleanup, Optional.of(why));
    }

    /**
     * Where an agent's answer in this phase moves the domain: its clean-up if the answer is one to CLEANUP,
     * otherwise its state by the table of {@link DomainState}; empty when the answer does not fit.
     */
    public Optional<DomainProgress> answered(AgentAnswer answer, OrchestrationPhase phase) {
        Optional<CleanupState> cleaned = cleanup.after(answer.status());
        if (cleaned.isPresent()) {
            return cleaned.map(this::with);
        }
        return state.after(answer.status(), answer.withActions()).map(next -> next == DomainState.FAILED
                ? failed(new Failure(phase, answer.status(), answer.reason())) : with(next));
    }

    /** Still to answer in this phase: the barrier waits for it. */
    public boolean pendingIn(OrchestrationPhase phase) {
        return phase == OrchestrationPhase.CLEANUP ? cleanup == CleanupState.CLEANING : state.waiting();
    }

    /** Identified with actions: it gets commands (and, at the end, CLEANUP). */
    public boolean hasActions() {
        return state != DomainState.IDENTIFYING && state != DomainState.UNCHANGED
                && failure.map(f -> f.phase() != OrchestrationPhase.IDENTIFICATION).orElse(true);
    }

    /** Has actions and has not failed: it goes on to the next phase. */
    public boolean goesOn() {
        return hasActions() && failure.isEmpty();
    }

    /** The state that entering {@code phase} moves it to, if it takes part. */
    public Optional<DomainState> onEntering(OrchestrationPhase phase) {
        if (phase == OrchestrationPhase.ROLLBACK && state == DomainState.FAILED) {
            return failure.filter(Failure::afterDownload).map(f -> DomainState.ROLLING_BACK);
        }
        return state.onEntering(phase);
    }

    public boolean rolledBack() {
        return switch (state) {
            case ROLLED_BACK, CHECKING_PREVIOUS_VERSION, REBOOT_BACK_NEEDED, CHECKING_AFTER_REBOOT_BACK,
                    PREVIOUS_VERSION_BOOTED, PREVIOUS_VERSION_NOT_BOOTED -> true;
            default -> false;
        };
    }
}

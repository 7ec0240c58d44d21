package org.vehicleupdate.updatemanager.core;

import java.util.List;
import org.vehicleupdate.messages.Status;

/**
 * What the orchestration does next with an activity, decided from its state alone: the barrier across the
 * domains and the order of the phases. Pure: the {@link Orchestrator} carries the step out (journal, commands,
 * feedback) and asks again until the answer is to wait.
 */
public sealed interface NextStep {

    /** Some domain has still to answer, or the owner's consent or a reboot is awaited. */
    record Wait() implements NextStep {
    }

    /** {@link FailurePolicy#CONTINUE}: these failed domains get CLEANUP now, while the others go on. */
    record CleanUpAtOnce(List<String> domains) implements NextStep {
    }

    /** Every domain identified without failure: IDENTIFIED is to be journaled and reported. */
    record ReportIdentified() implements NextStep {
    }

    record StartPhase(OrchestrationPhase phase) implements NextStep {
    }

    /** Activated, and a domain needs a reboot to run its new version. */
    record AwaitReboot() implements NextStep {
    }

    /** Rolled back after the vehicle booted the new version: these domains need a reboot back. */
    record AwaitRollbackReboot(List<String> domains) implements NextStep {
    }

    /** Rolled back after an activation that may have booted (a power cut): the domains' current states tell. */
    record CheckPreviousVersions() implements NextStep {
    }

    record Finish(Status status, String message) implements NextStep {
    }

    static NextStep after(Activity activity, ManagerSettings settings) {
        ActivityProgress progress = activity.progress();
        OrchestrationPhase phase = progress.phase();
        if (phase == OrchestrationPhase.IDENTIFICATION) {
            if (!progress.pending().isEmpty()) {
                return new Wait();
            }
            List<DomainProgress> failed = progress.domains().stream().filter(d -> d.failure().isPresent()).toList();
            return failed.isEmpty() ? new ReportIdentified()
                    : new Finish(Status.IDENTIFICATION_FAILED, FeedbackTexts.identificationFailed(failed));
        }
        if (phase == OrchestrationPhase.IDENTIFIED) {
            return progress.domains().stream().anyMatch(DomainProgress::hasActions)
                    ? new StartPhase(OrchestrationPhase.DOWNLOAD)
                    : new Finish(Status.COMPLETED, FeedbackTexts.warning(activity.plan()));
        }
        if (settings.failurePolicy() == FailurePolicy.CONTINUE && phase != OrchestrationPhase.CLEANUP) {
            List<String> now = progress.names(d -> d.failure().isPresent() && d.hasActions()
                    && d.cleanup() == CleanupState.NOT_SENT);
            if (!now.isEmpty()) {
                return new CleanUpAtOnce(now);
            }
        }
        if (phase.awaitsReboot() || progress.awaitingConsent().isPresent() || !progress.pending().isEmpty()) {
            return new Wait();
        }
        return switch (phase) {
            case DOWNLOAD, UPDATE, ACTIVATE, VERIFICATION -> afterForwardPhase(activity, settings);
            case ROLLBACK -> afterRollback(progress, settings);
            case ROLLBACK_VERIFICATION -> {
                List<String> back = progress.names(d -> d.state() == DomainState.REBOOT_BACK_NEEDED);
                yield back.isEmpty() ? new StartPhase(OrchestrationPhase.CLEANUP) : new AwaitRollbackReboot(back);
            }
            case CLEANUP -> FeedbackTexts.incomplete(progress)
                    ? new Finish(Status.INCOMPLETE, FeedbackTexts.incompleteMessage(activity))
                    : new Finish(Status.COMPLETED, FeedbackTexts.warning(activity.plan()));
            default -> new Wait();
        };
    }

    private static NextStep afterForwardPhase(Activity activity, ManagerSettings settings) {
        ActivityProgress progress = activity.progress();
        if (!progress.failures().isEmpty() && settings.failurePolicy() == FailurePolicy.ROLLBACK_ALL) {
            return new StartPhase(OrchestrationPhase.ROLLBACK);
        }
        if (progress.domains().stream().noneMatch(DomainProgress::goesOn)) {
            return new StartPhase(OrchestrationPhase.CLEANUP);
        }
        return switch (progress.phase()) {
            case DOWNLOAD -> new StartPhase(OrchestrationPhase.UPDATE);
            case UPDATE -> new StartPhase(OrchestrationPhase.ACTIVATE);
            case ACTIVATE -> progress.domains().stream().anyMatch(d -> d.goesOn() && rebootRequired(settings, d))
                    ? new AwaitReboot() : new StartPhase(OrchestrationPhase.CLEANUP);
            default -> new StartPhase(OrchestrationPhase.CLEANUP);
        };
    }

    /**
     * A rolled-back domain that needs a reboot to change what runs: if the vehicle verified its new version, only a
     * reboot brings the previous one back; if it was activated but never verified, its current state tells.
     */
    private static NextStep afterRollback(ActivityProgress progress, ManagerSettings settings) {
        List<String> rolledBack = progress.names(d -> d.state() == DomainState.ROLLED_BACK
                && rebootRequired(settings, d));
        if (rolledBack.isEmpty() || progress.activationBootId().isEmpty()) {
            return new StartPhase(OrchestrationPhase.CLEANUP);
        }
        return progress.newVersionBootId().isEmpty() ? new CheckPreviousVersions()
                : new AwaitRollbackReboot(rolledBack);
    }

    static boolean rebootRequired(ManagerSettings settings, DomainProgress domain) {
        AgentSettings agent = settings.agents().get(domain.domain());
        return agent != null && agent.rebootRequired();
    }
}

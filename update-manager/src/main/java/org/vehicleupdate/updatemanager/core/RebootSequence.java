package org.vehicleupdate.updatemanager.core;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * The reboots of an activity and what proves them: after the activation, a reboot into the new version and its
 * verification; after a rollback of a domain that had booted its new version, a reboot back and the check that
 * the previous version runs. Both reboots go the same way: the phase is journaled, the reboot is announced,
 * "reboot issued" is journaled, the reboot command runs, and only the process that the new boot starts verifies
 * (see {@link #resume}): a reboot command returns before the vehicle goes down, and what the agents say until
 * then describes the old boot.
 */
final class RebootSequence {
    private static final System.Logger LOG = System.getLogger(RebootSequence.class.getName());

    private final ManagerSettings settings;
    private final ManagerOutbox outbox;
    private final PhaseTimers timers;
    private final Rebooter rebooter;
    private final Clock clock;
    private final Supplier<String> bootId;
    private final OrchestrationFlow flow;
    /** When the current verification began, epoch millis: an inventory sent before proves nothing. */
    private long checkSince;
    /** Domains whose answer to this process's verification showed their previous version (the bootloader fell back). */
    private final Set<String> runningPrevious = new HashSet<>();
    /** The activity this process continues from the journal: the vehicle may have restarted in between. */
    private String resumed = "";

    RebootSequence(ManagerSettings settings, ManagerOutbox outbox, PhaseTimers timers, Rebooter rebooter,
            Clock clock, Supplier<String> bootId, OrchestrationFlow flow) {
        this.settings = settings;
        this.outbox = outbox;
        this.timers = timers;
        this.rebooter = rebooter;
        this.clock = clock;
        this.bootId = bootId;
        this.flow = flow;
    }

    /** Every domain activated and one needs a reboot to run its new version. */
    void awaitReboot() {
        flow.move(flow.activity().progress().inPhase(OrchestrationPhase.AWAITING_REBOOT));
        if (settings.rebootEnabled()) {
            flow.report(Status.RUNNING, FeedbackTexts.rebootNotice(settings.rebootAfter()));
            timers.restart(settings.rebootAfter(), this::rebootNow);
        } else {
            LOG.log(System.Logger.Level.WARNING, "[" + id() + "] reboot required but automatic rebooting is disabled");
            timers.cancelAll();
            flow.report(Status.RUNNING, FeedbackTexts.rebootDisabledNotice());
        }
    }

    /**
     * These domains were rolled back after they had booted their new version: a reboot brings the old one back,
     * unless they told this process that they run it already (a bootloader that fell back).
     */
    void awaitRollbackReboot(List<String> back) {
        if (runningPrevious.containsAll(back)) {
            LOG.log(System.Logger.Level.INFO, "[" + id() + "] " + String.join(", ", back) + " already run"
                    + (back.size() == 1 ? "s" : "") + " the previous version: no reboot needed");
            checkPreviousVersions();
            return;
        }
        flow.move(flow.activity().progress().inPhase(OrchestrationPhase.AWAITING_ROLLBACK_REBOOT)
                .withDomains(d -> back.contains(d.domain()) ? d.with(DomainState.REBOOT_BACK_NEEDED) : d));
        LOG.log(System.Logger.Level.INFO, "[" + id() + "] " + String.join(", ", back) + " rolled back after booting"
                + " the new version; a reboot brings the previous version back");
        flow.report(Status.RUNNING, FeedbackTexts.rollbackRebootNotice(flow.activity(), back, settings.rebootAfter(),
                settings.rebootEnabled()));
        if (settings.rebootEnabled()) {
            timers.restart(settings.rebootAfter(), this::rebootNow);
        } else {
            timers.cancelAll();
        }
    }

    /** The activity comes from the journal: this process did not see everything that happened to the vehicle. */
    void resumedFromJournal() {
        resumed = id();
    }

    /**
     * Rolled back after an activation that no verification followed: if this very process activated and the
     * vehicle has not restarted since, the previous version still runs; otherwise (a power cut may have booted the
     * new version) the domains' current states tell.
     */
    void checkAfterRollback() {
        if (!resumed.equals(id()) && !restartedSince(flow.activity().progress().activationBootId())) {
            flow.startPhase(OrchestrationPhase.CLEANUP);
            flow.advance();
            return;
        }
        checkPreviousVersions();
    }

    /** Resumes a phase of this sequence after a restart. */
    void resume() {
        ActivityProgress progress = flow.activity().progress();
        switch (progress.phase()) {
            case AWAITING_REBOOT -> {
                if (progress.rebootIssued() || restartedSince(progress.activationBootId())) {
                    enterVerification();
                } else {
                    awaitReboot();
                }
            }
            case VERIFICATION -> enterVerification();
            case AWAITING_ROLLBACK_REBOOT -> {
                if (progress.rebootIssued() || restartedSince(progress.newVersionBootId())) {
                    checkPreviousVersions();
                } else {
                    awaitRollbackReboot(progress.names(d -> d.state() == DomainState.REBOOT_BACK_NEEDED));
                }
            }
            case ROLLBACK_VERIFICATION -> checkPreviousVersions();
            default -> throw new IllegalArgumentException("phase " + progress.phase() + " is not a reboot's");
        }
    }

    /**
     * An agent's inventory: after the reboot it can prove that a domain runs the desired versions, after the
     * reboot back that it runs the previous ones. Only an answer to this activity's request or an inventory sent
     * after the verification began counts: a retained one from before the reboot proves nothing.
     */
    void onCurrentState(String domain, String activityId, long timestamp, Inventory current) {
        Activity activity = flow.activity();
        if (!activityId.equals(activity.activityId()) && timestamp < checkSince) {
            return;
        }
        OrchestrationPhase phase = activity.phase();
        Optional<DomainProgress> found = activity.progress().domain(domain).filter(d -> d.pendingIn(phase));
        if (found.isEmpty()) {
            return;
        }
        if (phase == OrchestrationPhase.VERIFICATION && activityId.equals(activity.activityId())
                && VersionCheck.previousVersionMismatch(domain, activity.plan(), current).isEmpty()) {
            runningPrevious.add(domain);
        }
        if (phase == OrchestrationPhase.VERIFICATION
                && VersionCheck.runsDesiredVersions(domain, activity.plan().desiredState(), current)) {
            LOG.log(System.Logger.Level.INFO, "[" + id() + "] " + domain
                    + " verified after the reboot: its current state shows the desired versions");
            flow.change(activity.progress().with(found.get().with(DomainState.VERIFIED)));
            flow.advance();
        } else if (phase == OrchestrationPhase.ROLLBACK_VERIFICATION) {
            previousVersionChecked(activity, found.get(), current);
            flow.advance();
        }
    }

    private void previousVersionChecked(Activity activity, DomainProgress domain, Inventory current) {
        Optional<String> wrong = VersionCheck.previousVersionMismatch(domain.domain(), activity.plan(), current);
        boolean afterRebootBack = domain.state() == DomainState.CHECKING_AFTER_REBOOT_BACK;
        if (wrong.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "[" + id() + "] " + domain.domain() + " runs its previous version");
            flow.change(activity.progress().with(domain.with(afterRebootBack ? DomainState.PREVIOUS_VERSION_BOOTED
                    : DomainState.ROLLED_BACK)));
        } else if (afterRebootBack) {
            String what = FeedbackTexts.previousVersionNotBooted(domain.domain(), wrong.get());
            LOG.log(System.Logger.Level.ERROR, "[" + id() + "] " + what);
            flow.change(activity.progress().withFailure(what).with(domain.with(
                    DomainState.PREVIOUS_VERSION_NOT_BOOTED)));
        } else {
            LOG.log(System.Logger.Level.INFO, "[" + id() + "] " + domain.domain() + " runs " + wrong.get()
                    + " after the rollback; a reboot brings the previous version back");
            runningPrevious.remove(domain.domain());
            ActivityProgress next = activity.progress().with(domain.with(DomainState.REBOOT_BACK_NEEDED));
            flow.change(next.newVersionBootId().isEmpty() ? next.withNewVersionBootId(currentBoot()) : next);
        }
    }

    private void rebootNow() {
        boolean back = flow.activity().phase() == OrchestrationPhase.AWAITING_ROLLBACK_REBOOT;
        flow.moveDurably(flow.activity().progress().withRebootIssued(true));
        LOG.log(System.Logger.Level.INFO, "[" + id() + "] rebooting the vehicle"
                + (back ? " into the previous version" : ""));
        try {
            rebooter.reboot(id());
        } catch (Rebooter.RebootFailedException e) {
            LOG.log(System.Logger.Level.ERROR, "[" + id() + "] reboot failed: " + e.getMessage());
            rebootFailed(back ? FeedbackTexts.rollbackRebootFailed(e.getMessage())
                    : FeedbackTexts.rebootFailed(e.getMessage()));
            return;
        }
        // if this process lives on, the vehicle did not reboot
        timers.restart(settings.phaseTimeout(), () -> {
            String reason = back ? FeedbackTexts.noRestartIntoPreviousVersion(settings.phaseTimeout())
                    : FeedbackTexts.noRestart(settings.phaseTimeout());
            LOG.log(System.Logger.Level.ERROR, "[" + id() + "] " + reason);
            rebootFailed(reason);
        });
    }

    /** Forward, the update is rolled back; back, there is nothing left to undo but the clean-up. */
    private void rebootFailed(String reason) {
        boolean back = flow.activity().phase() == OrchestrationPhase.AWAITING_ROLLBACK_REBOOT;
        flow.change(flow.activity().progress().withRebootIssued(false).withFailure(reason));
        flow.startPhase(back ? OrchestrationPhase.CLEANUP : OrchestrationPhase.ROLLBACK);
        flow.advance();
    }

    private void enterVerification() {
        checkSince = clock.millis();
        runningPrevious.clear();
        ActivityProgress next = flow.activity().progress().inPhase(OrchestrationPhase.VERIFICATION)
                .withDomains(d -> d.onEntering(OrchestrationPhase.VERIFICATION).map(d::with).orElse(d));
        if (next.newVersionBootId().isEmpty()) {
            next = next.withNewVersionBootId(currentBoot());
        }
        flow.move(next);
        flow.report(Status.RUNNING, FeedbackTexts.verifying());
        for (String domain : next.pending()) {
            outbox.requestCurrentState(domain, id());
            if (settings.agents().get(domain).rebootRequired()) {
                // an agent that already reported its result answers a repeated ACTIVATE with that result
                outbox.sendCommand(domain, id(), Command.ACTIVATE);
            }
        }
        timers.restart(settings.phaseTimeout(), flow::phaseTimedOut);
        flow.advance();
    }

    /**
     * ROLLBACK_VERIFICATION: the rolled-back reboot-requiring domains are asked for their current state, before a
     * reboot back (does the previous version run?) or after it (did it boot?).
     */
    void checkPreviousVersions() {
        checkSince = clock.millis();
        ActivityProgress next = flow.activity().progress().inPhase(OrchestrationPhase.ROLLBACK_VERIFICATION)
                .withDomains(d -> NextStep.rebootRequired(settings, d)
                        ? d.onEntering(OrchestrationPhase.ROLLBACK_VERIFICATION).map(d::with).orElse(d) : d);
        flow.move(next);
        flow.report(Status.RUNNING, FeedbackTexts.verifyingPreviousVersion());
        next.pending().forEach(d -> outbox.requestCurrentState(d, id()));
        timers.restart(settings.phaseTimeout(), flow::phaseTimedOut);
        flow.advance();
    }

    /** The current boot's id, or {@code unknown} where the kernel gives none. */
    String currentBoot() {
        return bootId.get().isEmpty() ? "unknown" : bootId.get();
    }

    /** The vehicle started anew since that boot (a power cut, a reboot by hand): no need to reboot it again. */
    private boolean restartedSince(String boot) {
        String now = bootId.get();
        return !boot.isEmpty() && !now.isEmpty() && !boot.equals(now);
    }

    private String id() {
        return flow.activity().activityId();
    }
}

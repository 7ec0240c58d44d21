package org.vehicleupdate.updatemanager.core;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * Drives one update activity at a time through the phases: identify, DOWNLOAD, UPDATE, ACTIVATE, (reboot and
 * verify), CLEANUP; on failure ROLLBACK of every domain that got past DOWNLOAD (and, for a domain that had
 * booted its new version, a reboot back and a check that the previous version runs), or with
 * {@link FailurePolicy#CONTINUE} Kanto's clean-up of the failed domain only. Which domain is where is kept in
 * {@link DomainState}s; what comes next is decided by {@link NextStep}; this class carries the steps out, with
 * {@link RebootSequence} for the reboots, {@link ConsentRequest} for the owner's consent and
 * {@link FinishedActivities} for the final feedback. Every
 * move to a new phase is journaled before anything of it is sent or reported (durable before the messages of
 * the same handled message go out: {@link ActivityJournal#write}), and {@link #start()} resumes an activity found
 * in the journal.
 *
 * <p>All entry points are synchronized: messages and timers arrive on different threads.
 */
public final class Orchestrator {
    /** The activityId prefix of an agent's first inventory after it started (Kanto's convention). */
    static final String AGENT_STARTED = "initial-current-state-";
    private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());
    private final ManagerSettings settings;
    private final ManagerOutbox outbox;
    private final ActivityJournal journal;
    private final PhaseTimers timers;
    private final Clock clock;
    private final InventoryCollector inventory;
    private final FeedbackThrottle feedback;
    private final FinishedActivities finished;
    private final ActionLedger actions = new ActionLedger();
    private final RebootSequence reboots;
    private final ConsentRequest consent;
    private final PendingRequests pending;

    private Activity active;
    /** The phases this process commanded in the running activity: for the log line at its end. */
    private final List<OrchestrationPhase> phasesCommanded = new ArrayList<>();

    /**
     * @param bootId identifies the current boot of the vehicle, to notice a restart while a reboot is awaited
     */
    public Orchestrator(ManagerSettings settings, ManagerOutbox outbox, ActivityJournal journal, Timers timers,
            Rebooter rebooter, Clock clock, Supplier<String> bootId, InventoryCollector inventory) {
        this.settings = settings;
        this.outbox = outbox;
        this.pending = new PendingRequests(outbox);
        this.journal = journal;
        this.timers = new PhaseTimers(timers, this);
        this.clock = clock;
        this.inventory = inventory;
        this.feedback = new FeedbackThrottle(settings.reportFeedbackInterval(), timers, outbox);
        this.finished = new FinishedActivities(settings.recentActivities(), journal, outbox, feedback);
        Flow flow = new Flow();
        this.reboots = new RebootSequence(settings, outbox, this.timers, rebooter, clock, bootId, flow);
        this.consent = new ConsentRequest(settings, outbox, this.timers, flow);
    }

    /**
     * Reads the journal and compacts it, announces a final feedback a crash kept back and resumes an open
     * activity.
     */
    public synchronized void start() {
        JournalReplay replay = JournalReplay.of(journal.entries(), settings.recentActivities());
        journal.rewrite(replay.entries());
        finished.restore(replay.recent());
        replay.open().ifPresent(activity -> resume(activity, replay.actions()));
    }

    public synchronized Optional<String> activeActivityId() {
        return Optional.ofNullable(active).map(Activity::activityId);
    }

    public synchronized Optional<OrchestrationPhase> activePhase() {
        return Optional.ofNullable(active).map(Activity::phase);
    }

    // ------------------------------------------------------------------ desired state

    public synchronized void onDesiredState(String activityId, DesiredState desiredState) {
        if (active != null && active.activityId().equals(activityId)) {
            DesiredStateFeedback last = feedback.lastPublished(activityId)
                    .orElse(DesiredStateFeedback.of(Status.IDENTIFYING, "", List.of()));
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] desired state received again while it runs;"
                    + " answered with its status " + last.status());
            outbox.publishFeedback(activityId, last);
            return;
        }
        Optional<FinishedActivity> done = finished.find(activityId);
        if (done.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] desired state of a finished activity received"
                    + " again; answered with its result " + done.get().feedback().status());
            outbox.publishFeedback(activityId, done.get().feedback());
            return;
        }
        if (activityId.isEmpty()) {
            refuse("", "activityId must not be empty");
            return;
        }
        if (active != null) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] refused: activity " + active.activityId()
                    + " is in progress");
            outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                    FeedbackTexts.anotherActivity(active.activityId()), List.of()));
            return;
        }
        begin(activityId, desiredState);
    }

    /**
     * A desired state that was refused before it could be read: answered under its own activityId, unless that
     * is empty or already belongs to the running or a finished activity, which must not get another status.
     */
    public synchronized void onDesiredStateRejected(String activityId, String reason) {
        String owner = active != null && active.activityId().equals(activityId) ? "the activity in progress"
                : finished.find(activityId).isPresent() ? "a finished activity" : "";
        if (owner.isEmpty()) {
            refuse(activityId, reason);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] desired state refused: " + reason
                + "; answered without an activityId: '" + activityId + "' is " + owner);
        outbox.publishFeedback("", DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, FeedbackTexts.invalid(
                reason + "; its activityId '" + activityId + "' is that of " + owner + ", so this answer carries none"),
                List.of()));
    }

    private void refuse(String activityId, String reason) {
        LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] desired state refused: " + reason);
        outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                FeedbackTexts.invalid(reason), List.of()));
    }

    private void begin(String activityId, DesiredState desiredState) {
        phasesCommanded.clear();
        ActivityPlan plan = ActivityPlan.of(activityId, desiredState, clock.millis(), settings, inventory::known);
        plan.skipped().forEach(id -> LOG.log(System.Logger.Level.WARNING, "[" + activityId
                + "] Cannot find Update Agent for domain " + id));
        if (plan.domains().isEmpty()) {
            active = new Activity(plan, ActivityProgress.identifying(List.of()));
            finish(Status.INCOMPLETE, FeedbackTexts.noSupportedDomain(plan.skipped()));
            return;
        }
        try {
            journal.append(new JournalEntry.Opened(plan));
        } catch (UncheckedIOException e) {
            // nothing has been sent yet: refuse rather than run an update that a restart would forget
            String problem = e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
            LOG.log(System.Logger.Level.ERROR, "[" + activityId + "] refused, the journal cannot be written: "
                    + problem);
            outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                    FeedbackTexts.cannotJournal(problem), List.of()));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] new update activity for domains " + plan.domains());
        active = new Activity(plan, ActivityProgress.identifying(plan.domains()));
        actions.clear(plan.domains());
        report(Status.IDENTIFYING, FeedbackTexts.warning(plan));
        plan.domains().forEach(d -> outbox.sendDesiredState(d, activityId, desiredState.partFor(d)));
        timers.restart(settings.phaseTimeout(), this::phaseTimedOut);
    }

    // ------------------------------------------------------------------ agents

    public synchronized void onAgentFeedback(String domain, String activityId, DesiredStateFeedback message) {
        if (active == null || !active.activityId().equals(activityId)) {
            boolean over = finished.find(activityId).isPresent();
            // agents keep reporting after the final CLEANUP answer (Kanto's agent sends COMPLETED after it)
            System.Logger.Level level = over ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
            if (LOG.isLoggable(level)) {
                LOG.log(level, "[" + activityId + "] feedback " + message.status() + " from " + domain
                        + (over ? " after the activity finished; ignored"
                                : " does not belong to the activity in progress; ignored"));
            }
            return;
        }
        Optional<DomainProgress> found = active.progress().domain(domain);
        if (found.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] feedback from " + domain
                    + ", which is not part of this activity; ignored");
            return;
        }
        actions.merge(domain, message.actions());
        // A domain's answer alone is not journaled: after a restart the phase command goes again to every domain
        // of the phase, and an agent answers a repeated command with its result.
        if (!answer(found.get(), AgentAnswer.of(message)) && active.phase() != OrchestrationPhase.IDENTIFICATION) {
            report(Status.RUNNING, "");
            return;
        }
        advance();
    }

    /** Moves the domain by the answer; false if the answer does not fit where it stands. */
    private boolean answer(DomainProgress domain, AgentAnswer answer) {
        OrchestrationPhase phase = active.phase();
        Optional<DomainProgress> next = domain.answered(answer, phase);
        if (next.isEmpty()) {
            return false;
        }
        ActivityProgress progress = active.progress();
        String why = answer.status() + (answer.reason().isEmpty() ? "" : " " + answer.reason());
        if (next.get().state() == DomainState.FAILED && domain.state() != DomainState.FAILED) {
            LOG.log(System.Logger.Level.WARNING, "[" + active.activityId() + "] " + domain.domain() + " failed in "
                    + phase + ": " + why);
            if (phase != OrchestrationPhase.IDENTIFICATION) {
                progress = progress.withFailure(FeedbackTexts.domainFailed(domain.domain(),
                        next.get().failure().orElseThrow()));
            }
        } else if (next.get().state() == DomainState.ROLLBACK_FAILED) {
            LOG.log(System.Logger.Level.WARNING, "[" + active.activityId() + "] " + domain.domain()
                    + " could not roll back: " + why);
        }
        active = active.with(progress.with(next.get()));
        return true;
    }

    /** An agent's inventory: after a reboot it can prove which version booted (see {@link RebootSequence}). */
    public synchronized void onAgentCurrentState(String domain, String activityId, long timestamp,
            Inventory current) {
        if (active != null) {
            if (activityId.startsWith(AGENT_STARTED) && !inventory.askedWith(activityId)) {
                pending.sendTo(active, domain).ifPresent(what -> LOG.log(System.Logger.Level.INFO, "["
                        + active.activityId() + "] " + domain + " announced itself; " + what + " goes again"));
            }
            reboots.onCurrentState(domain, activityId, timestamp, current);
        }
    }

    // ------------------------------------------------------------------ consent

    public synchronized void onOwnerConsent(String activityId, ConsentStatus status) {
        consent.onAnswer(activityId, status);
    }

    // ------------------------------------------------------------------ the barrier

    /** Carries out what {@link NextStep} says until it says to wait. */
    private void advance() {
        while (active != null) {
            NextStep step = NextStep.after(active, settings);
            if (step instanceof NextStep.Wait) {
                OrchestrationPhase phase = active.phase();
                if (phase != OrchestrationPhase.IDENTIFICATION && !phase.awaitsReboot()
                        && active.progress().awaitingConsent().isEmpty() && !active.progress().pending().isEmpty()) {
                    report(Status.RUNNING, "");
                }
                return;
            } else if (step instanceof NextStep.CleanUpAtOnce now) {
                move(active.progress().withDomains(d -> now.domains().contains(d.domain())
                        ? d.with(CleanupState.CLEANING) : d));
                now.domains().forEach(d -> outbox.sendCommand(d, active.activityId(), Command.CLEANUP));
            } else if (step instanceof NextStep.ReportIdentified) {
                timers.cancelAll();
                move(active.progress().inPhase(OrchestrationPhase.IDENTIFIED));
                report(Status.IDENTIFIED, FeedbackTexts.warning(active.plan()));
            } else if (step instanceof NextStep.StartPhase start) {
                if (active.phase() == OrchestrationPhase.IDENTIFIED) {
                    // Kanto's order: RUNNING follows IDENTIFIED at once, also when the owner is asked first
                    report(Status.RUNNING, "");
                }
                startPhase(start.phase());
            } else if (step instanceof NextStep.AwaitReboot) {
                reboots.awaitReboot();
                return;
            } else if (step instanceof NextStep.CheckPreviousVersions) {
                reboots.checkAfterRollback();
                return;
            } else if (step instanceof NextStep.AwaitRollbackReboot back) {
                reboots.awaitRollbackReboot(back.domains());
                return;
            } else if (step instanceof NextStep.Finish end) {
                finish(end.status(), end.message());
                return;
            }
        }
    }

    /** A phase with a command: journaled, then (once the owner consented, where asked) sent. */
    private void startPhase(OrchestrationPhase phase) {
        ActivityProgress next = active.progress().inPhase(phase);
        Optional<Command> consent = phase.command().filter(settings.ownerConsentCommands()::contains);
        if (consent.isPresent()) {
            move(next.withConsentAwaited(consent));
            this.consent.ask();
            return;
        }
        command(phase, next);
    }

    private void command(OrchestrationPhase phase, ActivityProgress progress) {
        List<String> commanded = new ArrayList<>();
        ActivityProgress next = phase == OrchestrationPhase.ACTIVATE && progress.activationBootId().isEmpty()
                ? progress.withActivationBootId(reboots.currentBoot()) : progress;
        move(next.withDomains(d -> {
            DomainProgress entered = phase == OrchestrationPhase.CLEANUP
                    ? (d.hasActions() && d.cleanup() == CleanupState.NOT_SENT ? d.with(CleanupState.CLEANING) : d)
                    : d.onEntering(phase).map(d::with).orElse(d);
            if (!entered.equals(d)) {
                commanded.add(d.domain());
            }
            return entered;
        }));
        // one INFO line at the start and one at the end of an update; the phases in between are in the end's
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "[" + active.activityId() + "] phase " + phase + " for "
                    + active.progress().pending());
        }
        phasesCommanded.add(phase);
        Command command = phase.command().orElseThrow();
        commanded.forEach(d -> outbox.sendCommand(d, active.activityId(), command));
        timers.restart(settings.phaseTimeout(), this::phaseTimedOut);
    }

    /** Journals a move to a new phase (or a change that must survive a restart) before anything of it is sent. */
    private void move(ActivityProgress next) {
        journal.write(moved(next));
    }

    private JournalEntry moved(ActivityProgress next) {
        active = active.with(next);
        boolean aroundReboot = next.phase().awaitsReboot() || next.phase() == OrchestrationPhase.VERIFICATION
                || next.phase() == OrchestrationPhase.ROLLBACK_VERIFICATION;
        return new JournalEntry.Moved(active.activityId(), next, aroundReboot ? actions.overall() : List.of());
    }

    private void phaseTimedOut() {
        OrchestrationPhase phase = active.phase();
        List<String> silent = active.progress().pending();
        String what = FeedbackTexts.phaseTimeout(silent, phase, settings.phaseTimeout());
        LOG.log(System.Logger.Level.WARNING, "[" + active.activityId() + "] " + what);
        if (phase == OrchestrationPhase.IDENTIFICATION) {
            finish(Status.IDENTIFICATION_FAILED, FeedbackTexts.identificationTimeout(settings.phaseTimeout(), silent));
            return;
        }
        String reason = FeedbackTexts.silentDomain(settings.phaseTimeout());
        active = active.with(active.progress().withFailure(what).withDomains(d -> {
            if (!d.pendingIn(phase)) {
                return d;
            }
            if (phase == OrchestrationPhase.CLEANUP) {
                return d.with(d.cleanup().afterTimeout());
            }
            DomainState next = d.state().afterTimeout();
            return next == DomainState.FAILED ? d.failed(new Failure(phase, d.state().timeoutStatus(), reason))
                    : d.with(next);
        }));
        advance();
    }

    // ------------------------------------------------------------------ resume

    private void resume(Activity activity, List<Action> journaled) {
        active = activity;
        reboots.resumedFromJournal();
        ActivityProgress progress = activity.progress();
        actions.clear(progress.names(d -> true));
        actions.restore(journaled);
        String id = activity.activityId();
        phasesCommanded.clear();
        LOG.log(System.Logger.Level.INFO, "[" + id + "] resuming the activity in phase " + activity.phase()
                + (progress.awaitingConsent().isPresent() ? " (awaiting consent)" : ""));
        switch (activity.phase()) {
            case IDENTIFICATION -> {
                report(Status.IDENTIFYING, FeedbackTexts.warning(activity.plan()));
                pending.sendAll(activity);
                timers.restart(settings.phaseTimeout(), this::phaseTimedOut);
            }
            case IDENTIFIED -> report(Status.IDENTIFIED, FeedbackTexts.warning(activity.plan()));
            case AWAITING_REBOOT, VERIFICATION, AWAITING_ROLLBACK_REBOOT, ROLLBACK_VERIFICATION -> {
                reboots.resume();
                return;
            }
            default -> {
                report(Status.RUNNING, "");
                if (progress.awaitingConsent().isPresent()) {
                    consent.ask();
                    return;
                }
                pending.sendAll(activity);
                timers.restart(settings.phaseTimeout(), this::phaseTimedOut);
            }
        }
        advance();
    }

    // ------------------------------------------------------------------ reporting

    private void finish(Status status, String message) {
        timers.cancelAll();
        String id = active.activityId();
        long took = Math.max(0, clock.millis() - active.plan().openedAt());
        DesiredStateFeedback last = DesiredStateFeedback.of(status, message, actions.overall());
        active = null;
        LOG.log(System.Logger.Level.INFO, "[" + id + "] finished: " + status + " after " + phasesCommanded.stream()
                .map(OrchestrationPhase::name).reduce((a, b) -> a + ", " + b).orElse("no phase") + " in "
                + took + " ms" + (message.isEmpty() ? "" : " - " + message));
        phasesCommanded.clear();
        finished.finish(id, last);
        inventory.collect(id);
    }

    private void report(Status status, String message) {
        feedback.report(active.activityId(), status, message, actions.overall());
    }

    /** The orchestration as the reboot and consent sequences see it. */
    private final class Flow implements OrchestrationFlow {
        @Override
        public Activity activity() {
            return active;
        }

        @Override
        public void change(ActivityProgress next) {
            active = active.with(next);
        }

        @Override
        public void move(ActivityProgress next) {
            Orchestrator.this.move(next);
        }

        @Override
        public void moveDurably(ActivityProgress next) {
            journal.append(moved(next));
        }

        @Override
        public void report(Status status, String message) {
            Orchestrator.this.report(status, message);
        }

        @Override
        public void startPhase(OrchestrationPhase phase) {
            Orchestrator.this.startPhase(phase);
        }

        @Override
        public void advance() {
            Orchestrator.this.advance();
        }

        @Override
        public void command(OrchestrationPhase phase, ActivityProgress progress) {
            Orchestrator.this.command(phase, progress);
        }

        @Override
        public void phaseTimedOut() {
            Orchestrator.this.phaseTimedOut();
        }

        @Override
        public void finish(Status status, String message) {
            Orchestrator.this.finish(status, message);
        }
    }
}

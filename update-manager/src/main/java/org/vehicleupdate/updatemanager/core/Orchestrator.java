package org.vehicleupdate.updatemanager.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.Status;

/**
 * Drives one update activity at a time through the phases, with a barrier across the domains: identify,
 * DOWNLOAD, UPDATE, ACTIVATE, (reboot and verify), CLEANUP; on failure ROLLBACK of every domain that got past
 * DOWNLOAD (or, with {@link FailurePolicy#CONTINUE}, Kanto's clean-up of the failed domain only). Every change
 * of state is journaled before it is reported, and {@link #start()} resumes an activity found in the journal.
 *
 * <p>All entry points are synchronized: messages and timers may arrive on different threads.
 */
public final class Orchestrator {
    private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());
    private static final Set<Status> CLEANUP_ANSWERS =
            EnumSet.of(Status.CLEANUP_SUCCESS, Status.CLEANUP_FAILURE, Status.COMPLETED, Status.INCOMPLETE);
    private static final Set<ActionStatus> FAILED_ACTIONS = EnumSet.of(ActionStatus.DOWNLOAD_FAILURE,
            ActionStatus.UPDATE_FAILURE, ActionStatus.ACTIVATION_FAILURE, ActionStatus.REMOVAL_FAILURE);

    private final ManagerSettings settings;
    private final ManagerOutbox outbox;
    private final ActivityJournal journal;
    private final Timers timers;
    private final Rebooter rebooter;
    private final Clock clock;
    private final Supplier<String> bootId;
    private final InventoryCollector inventory;
    private final FeedbackThrottle feedback;

    private Activity active;
    private List<FinishedActivity> recent = new ArrayList<>();
    private long generation;
    private final List<Timers.Timer> timersOfPhase = new ArrayList<>();

    /**
     * @param bootId identifies the current boot of the vehicle, to notice a restart while a reboot is awaited
     */
    public Orchestrator(ManagerSettings settings, ManagerOutbox outbox, ActivityJournal journal, Timers timers,
            Rebooter rebooter, Clock clock, Supplier<String> bootId, InventoryCollector inventory) {
        this.settings = settings;
        this.outbox = outbox;
        this.journal = journal;
        this.timers = timers;
        this.rebooter = rebooter;
        this.clock = clock;
        this.bootId = bootId;
        this.inventory = inventory;
        this.feedback = new FeedbackThrottle(settings.reportFeedbackInterval(), timers, outbox);
    }

    /** Reads the journal: announces a final feedback a crash kept back and resumes an open activity. */
    public synchronized void start() {
        ActivityJournal.Content content = journal.load();
        recent = new ArrayList<>(content.recent());
        for (int i = 0; i < recent.size(); i++) {
            FinishedActivity finished = recent.get(i);
            if (!finished.announced()) {
                LOG.log(System.Logger.Level.INFO, "[" + finished.activityId() + "] announcing the final feedback "
                        + finished.feedback().status() + " that a restart kept back");
                outbox.publishFeedback(finished.activityId(), finished.feedback());
                recent.set(i, new FinishedActivity(finished.activityId(), finished.feedback(), true));
                save();
            }
        }
        content.active().ifPresent(this::resume);
    }

    public synchronized Optional<String> activeActivityId() {
        return Optional.ofNullable(active).map(Activity::activityId);
    }

    public synchronized Optional<OrchestrationPhase> activePhase() {
        return Optional.ofNullable(active).map(Activity::phase);
    }

    // ------------------------------------------------------------------ desired state

    public synchronized void onDesiredState(String activityId, DesiredState desiredState) {
        if (active != null) {
            if (active.activityId.equals(activityId)) {
                LOG.log(System.Logger.Level.INFO, "[" + activityId + "] desired state received again while it runs;"
                        + " answered with its status " + active.lastStatus);
                outbox.publishFeedback(activityId,
                        DesiredStateFeedback.of(active.lastStatus, active.lastMessage, actions()));
            } else {
                LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] refused: activity " + active.activityId
                        + " is in progress");
                outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                        "Another update activity in progress - " + active.activityId, List.of()));
            }
            return;
        }
        Optional<FinishedActivity> done = recent.stream().filter(f -> f.activityId().equals(activityId)).findFirst();
        if (done.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] desired state of a finished activity received"
                    + " again; answered with its result " + done.get().feedback().status());
            outbox.publishFeedback(activityId, done.get().feedback());
            return;
        }
        if (activityId.isBlank()) {
            outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                    "invalid desired state: activityId must not be empty", List.of()));
            return;
        }
        begin(activityId, desiredState);
    }

    /** A desired state that could not be read: refused with the reason, the running activity is untouched. */
    public void onDesiredStateRejected(String activityId, String reason) {
        LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] desired state refused: " + reason);
        outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                "invalid desired state: " + reason, List.of()));
    }

    private void begin(String activityId, DesiredState desiredState) {
        Activity activity = new Activity(activityId, desiredState, clock.millis());
        Map<String, Domain> byId = new LinkedHashMap<>();
        for (Domain domain : desiredState.domains()) {
            byId.put(domain.id(), domain);
        }
        for (String id : byId.keySet()) {
            if (settings.agents().containsKey(id)) {
                activity.domains.add(new DomainProgress(id));
            } else {
                LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] Cannot find Update Agent for domain " + id);
                activity.skipped.add(id);
            }
        }
        if (activity.domains.isEmpty()) {
            active = activity;
            finish(Status.INCOMPLETE, "the desired state manifest does not contain any supported domain"
                    + (activity.skipped.isEmpty() ? "" : " (no update agent for " + String.join(", ",
                            activity.skipped) + ")"));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] new update activity for domains "
                + activity.domains.stream().map(DomainProgress::domain).toList());
        active = activity;
        activity.domains.forEach(d -> d.pending = true);
        try {
            save();
        } catch (java.io.UncheckedIOException e) {
            // nothing has been sent yet: refuse rather than run an update that a restart would forget
            active = null;
            LOG.log(System.Logger.Level.ERROR, "[" + activityId + "] refused, the journal cannot be written: "
                    + e.getCause().getMessage());
            outbox.publishFeedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                    "the update-manager cannot write its journal: " + e.getCause().getMessage(), List.of()));
            return;
        }
        report(Status.IDENTIFYING, warning());
        for (DomainProgress domain : activity.domains) {
            outbox.sendDesiredState(domain.domain, activityId, desiredState.partFor(domain.domain));
        }
        startPhaseTimer();
    }

    // ------------------------------------------------------------------ agent feedback

    public synchronized void onAgentFeedback(String domain, String activityId, DesiredStateFeedback message) {
        if (active == null || !active.activityId.equals(activityId)) {
            boolean finished = recent.stream().anyMatch(f -> f.activityId().equals(activityId));
            // agents keep reporting after the final CLEANUP answer (Kanto's agent sends COMPLETED after it)
            LOG.log(finished ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "[" + activityId + "] feedback "
                    + message.status() + " from " + domain + (finished ? " after the activity finished; ignored"
                            : " does not belong to the activity in progress; ignored"));
            return;
        }
        Optional<DomainProgress> found = active.domain(domain);
        if (found.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] feedback from " + domain
                    + ", which is not part of this activity; ignored");
            return;
        }
        DomainProgress progress = found.get();
        Status status = normalise(message.status());
        progress.mergeActions(message.actions());
        progress.lastStatus = status;
        if (apply(progress, status, reason(message), !message.actions().isEmpty())) {
            // A domain's answer alone is not journaled: after a restart the phase command goes again to every
            // domain of the phase, and an agent answers a repeated command with its result. What is journaled
            // is each move to a new phase, before anything of it is sent or reported.
            if (active.phase == OrchestrationPhase.IDENTIFICATION && active.pendingNames().isEmpty()) {
                save();
            }
            advance();
        } else if (active.phase != OrchestrationPhase.IDENTIFICATION) {
            report(Status.RUNNING, "");
        }
    }

    /**
     * An agent's inventory: after a reboot it can prove that a domain runs the desired versions. Only an answer
     * to this activity's request or an inventory sent after the verification began counts: a retained one from
     * before the reboot proves nothing.
     */
    public synchronized void onAgentCurrentState(String domain, String activityId, long timestamp,
            Inventory current) {
        if (active == null || active.phase != OrchestrationPhase.VERIFICATION) {
            return;
        }
        if (!activityId.equals(active.activityId) && timestamp < active.verificationSince) {
            return;
        }
        Optional<DomainProgress> found = active.domain(domain).filter(d -> d.pending);
        if (found.isPresent() && runsDesiredVersions(domain, current)) {
            LOG.log(System.Logger.Level.INFO, "[" + active.activityId + "] " + domain
                    + " verified after the reboot: its current state shows the desired versions");
            found.get().pending = false;
            advance();
        }
    }

    public synchronized void onOwnerConsent(String activityId, ConsentStatus status) {
        if (active == null || !active.activityId.equals(activityId) || active.awaitingConsent == null) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] owner consent " + status
                    + " without a pending request; ignored");
            return;
        }
        cancelTimers();
        if (status == ConsentStatus.APPROVED) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] owner approved " + active.awaitingConsent);
            active.awaitingConsent = null;
            save();
            sendPhaseCommands();
            startPhaseTimer();
            report(Status.RUNNING, "");
        } else {
            consentRefused("owner approval not granted");
        }
    }

    private boolean apply(DomainProgress domain, Status status, String reason, boolean hasActions) {
        if (CLEANUP_ANSWERS.contains(status) && domain.cleanupSent && !domain.cleaned) {
            domain.cleaned = true;
            domain.cleanupFailed = status == Status.CLEANUP_FAILURE || status == Status.INCOMPLETE;
            if (active.phase == OrchestrationPhase.CLEANUP) {
                domain.pending = false;
            }
            return true;
        }
        OrchestrationPhase phase = active.phase;
        switch (phase) {
            case IDENTIFICATION -> {
                if (domain.identified) {
                    return false;
                }
                domain.identified = true;
                domain.pending = false;
                if (status == Status.IDENTIFIED) {
                    // the IDENTIFIED message lists every action the agent identified
                    domain.active = hasActions;
                } else if (status == Status.COMPLETED) {
                    domain.active = false;
                } else if (status == Status.IDENTIFICATION_FAILED || status == Status.INCOMPLETE) {
                    markFailed(domain, phase, status, reason);
                } else {
                    domain.identified = false;
                    domain.pending = true;
                    return false;
                }
                return true;
            }
            case DOWNLOAD, UPDATE, ACTIVATE, VERIFICATION, ROLLBACK -> {
                if (!domain.pending || active.awaitingConsent != null) {
                    return false;
                }
                if (status == phase.success()) {
                    domain.pending = false;
                    domain.downloaded |= phase == OrchestrationPhase.DOWNLOAD;
                    domain.rolledBack |= phase == OrchestrationPhase.ROLLBACK;
                    return true;
                }
                if (status == phase.failure() || status == Status.INCOMPLETE) {
                    domain.pending = false;
                    if (phase == OrchestrationPhase.ROLLBACK) {
                        domain.rollbackFailed = true;
                        domain.failure = domain.failure.isEmpty() ? reason : domain.failure;
                    } else {
                        markFailed(domain, phase, status, reason);
                    }
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void markFailed(DomainProgress domain, OrchestrationPhase phase, Status status, String reason) {
        domain.failed = true;
        domain.failedIn = phase;
        domain.failedWith = status;
        domain.failure = reason;
        LOG.log(System.Logger.Level.WARNING, "[" + active.activityId + "] " + domain.domain + " failed in " + phase
                + ": " + status + (reason.isEmpty() ? "" : " " + reason));
        if (active.failureSummary.isEmpty()) {
            active.failureSummary = "domain '" + domain.domain + "' failed in " + phase + " (" + status
                    + (reason.isEmpty() ? "" : ": " + reason) + ")";
        }
    }

    // ------------------------------------------------------------------ the barrier

    /** Moves on when no domain is still pending in the current phase. */
    private void advance() {
        if (active == null) {
            return;
        }
        OrchestrationPhase phase = active.phase;
        if (phase == OrchestrationPhase.IDENTIFICATION) {
            if (!active.pendingNames().isEmpty()) {
                return;
            }
            cancelTimers();
            List<DomainProgress> failed = active.domains.stream().filter(d -> d.failed).toList();
            if (!failed.isEmpty()) {
                finish(Status.IDENTIFICATION_FAILED, failed.stream()
                        .map(d -> "[" + d.domain + "]: " + d.failure).collect(Collectors.joining("; ")));
                return;
            }
            report(Status.IDENTIFIED, warning());
            if (active.active().isEmpty()) {
                finish(Status.COMPLETED, warning());
                return;
            }
            report(Status.RUNNING, "");
            startPhase(OrchestrationPhase.DOWNLOAD);
            return;
        }
        if (settings.failurePolicy() == FailurePolicy.CONTINUE && phase != OrchestrationPhase.CLEANUP) {
            cleanUpFailedDomainsAtOnce();
        }
        if (phase == OrchestrationPhase.AWAITING_REBOOT || active.awaitingConsent != null) {
            return;
        }
        if (!active.pendingNames().isEmpty()) {
            report(Status.RUNNING, "");
            return;
        }
        cancelTimers();
        switch (phase) {
            case DOWNLOAD, UPDATE, ACTIVATE, VERIFICATION -> {
                boolean failure = active.anyFailed() || active.incomplete;
                if (failure && settings.failurePolicy() == FailurePolicy.ROLLBACK_ALL) {
                    startPhase(OrchestrationPhase.ROLLBACK);
                } else if (active.domains.stream().noneMatch(d -> d.active && !d.failed)) {
                    startPhase(OrchestrationPhase.CLEANUP);
                } else if (phase == OrchestrationPhase.DOWNLOAD) {
                    startPhase(OrchestrationPhase.UPDATE);
                } else if (phase == OrchestrationPhase.UPDATE) {
                    startPhase(OrchestrationPhase.ACTIVATE);
                } else if (phase == OrchestrationPhase.ACTIVATE && rebootNeeded()) {
                    awaitReboot(true);
                } else {
                    startPhase(OrchestrationPhase.CLEANUP);
                }
            }
            case ROLLBACK -> startPhase(OrchestrationPhase.CLEANUP);
            case CLEANUP -> {
                boolean incomplete = active.incomplete || active.domains.stream()
                        .anyMatch(d -> d.failed || d.cleanupFailed || d.rollbackFailed);
                finish(incomplete ? Status.INCOMPLETE : Status.COMPLETED, incomplete ? finalMessage() : warning());
            }
            default -> {
                // AWAITING_REBOOT and IDENTIFICATION are handled above
            }
        }
    }

    private void startPhase(OrchestrationPhase phase) {
        active.phase = phase;
        Predicate<DomainProgress> takesPart = switch (phase) {
            case ROLLBACK -> d -> d.active && d.downloaded;
            case CLEANUP -> DomainProgress::awaitsCleanup;
            default -> d -> d.active && !d.failed;
        };
        active.domains.forEach(d -> d.pending = takesPart.test(d));
        Command command = phase.command().orElseThrow();
        if (settings.ownerConsentCommands().contains(command)) {
            active.awaitingConsent = command;
            save();
            askConsent();
            return;
        }
        if (phase == OrchestrationPhase.ROLLBACK) {
            active.domains.stream().filter(d -> d.pending).forEach(d -> d.rollbackSent = true);
        }
        List<DomainProgress> cleanupNow = new ArrayList<>();
        if (phase == OrchestrationPhase.CLEANUP) {
            active.domains.stream().filter(d -> d.pending && !d.cleanupSent).forEach(d -> {
                d.cleanupSent = true;
                cleanupNow.add(d);
            });
        }
        save();
        LOG.log(System.Logger.Level.INFO, "[" + active.activityId + "] phase " + phase + " for "
                + active.pendingNames());
        if (phase == OrchestrationPhase.CLEANUP) {
            cleanupNow.forEach(d -> outbox.sendCommand(d.domain, active.activityId, Command.CLEANUP));
        } else {
            sendPhaseCommands();
        }
        startPhaseTimer();
        advance();
    }

    private void sendPhaseCommands() {
        Command command = active.phase.command().orElseThrow();
        for (DomainProgress domain : active.domains) {
            if (domain.pending) {
                outbox.sendCommand(domain.domain, active.activityId, command);
            }
        }
    }

    private void cleanUpFailedDomainsAtOnce() {
        List<DomainProgress> now = active.domains.stream()
                .filter(d -> d.failed && d.active && !d.cleanupSent).toList();
        if (now.isEmpty()) {
            return;
        }
        now.forEach(d -> d.cleanupSent = true);
        save();
        now.forEach(d -> outbox.sendCommand(d.domain, active.activityId, Command.CLEANUP));
    }

    private boolean rebootNeeded() {
        return active.active().stream().anyMatch(d -> settings.agents().get(d.domain).rebootRequired());
    }

    // ------------------------------------------------------------------ consent

    private void askConsent() {
        LOG.log(System.Logger.Level.INFO, "[" + active.activityId + "] asking the owner to consent to "
                + active.awaitingConsent);
        outbox.askOwnerConsent(active.activityId, active.awaitingConsent);
        long token = ++generation;
        timersOfPhase.add(timers.schedule(settings.ownerConsentTimeout(), () -> consentTimedOut(token)));
    }

    private synchronized void consentTimedOut(long token) {
        if (token != generation || active == null || active.awaitingConsent == null) {
            return;
        }
        consentRefused("owner consent not granted in " + GoDuration.format(settings.ownerConsentTimeout()));
    }

    private void consentRefused(String reason) {
        Command command = active.awaitingConsent;
        LOG.log(System.Logger.Level.WARNING, "[" + active.activityId + "] " + command + ": " + reason);
        active.awaitingConsent = null;
        active.incomplete = true;
        if (active.failureSummary.isEmpty()) {
            active.failureSummary = reason;
        }
        active.domains.forEach(d -> d.pending = false);
        if (command == Command.DOWNLOAD) {
            finish(Status.INCOMPLETE, reason);
        } else {
            startPhase(OrchestrationPhase.ROLLBACK);
        }
    }

    // ------------------------------------------------------------------ reboot and verification

    private void awaitReboot(boolean justActivated) {
        active.phase = OrchestrationPhase.AWAITING_REBOOT;
        active.domains.forEach(d -> d.pending = false);
        if (justActivated) {
            active.bootId = bootId.get();
        }
        save();
        if (settings.rebootEnabled()) {
            report(Status.RUNNING, "All domains activated; the vehicle will reboot in "
                    + GoDuration.format(settings.rebootAfter()) + " to finish the update");
            long token = ++generation;
            timersOfPhase.add(timers.schedule(settings.rebootAfter(), () -> rebootNow(token)));
        } else {
            LOG.log(System.Logger.Level.WARNING, "[" + active.activityId
                    + "] reboot required but automatic rebooting is disabled");
            report(Status.RUNNING, "reboot required, automatic reboot disabled: the update continues after the"
                    + " next restart of the vehicle");
        }
    }

    private synchronized void rebootNow(long token) {
        if (token != generation || active == null || active.phase != OrchestrationPhase.AWAITING_REBOOT) {
            return;
        }
        active.rebootIssued = true;
        save();
        LOG.log(System.Logger.Level.INFO, "[" + active.activityId + "] rebooting the vehicle");
        try {
            rebooter.reboot();
        } catch (Rebooter.RebootFailedException e) {
            LOG.log(System.Logger.Level.ERROR, "[" + active.activityId + "] reboot failed: " + e.getMessage());
            active.rebootIssued = false;
            active.incomplete = true;
            if (active.failureSummary.isEmpty()) {
                active.failureSummary = "the reboot to finish the activation failed: " + e.getMessage();
            }
            startPhase(OrchestrationPhase.ROLLBACK);
            return;
        }
        // A reboot command returns before the vehicle goes down (systemctl reboot does). Whatever the agents say
        // until then describes the old boot, so verification starts only in the process that the new boot starts
        // (see resume); if this process lives on, the vehicle did not reboot and the update cannot be verified.
        long restart = ++generation;
        timersOfPhase.add(timers.schedule(settings.phaseTimeout(), () -> rebootDidNotHappen(restart)));
    }

    private synchronized void rebootDidNotHappen(long token) {
        if (token != generation || active == null || active.phase != OrchestrationPhase.AWAITING_REBOOT) {
            return;
        }
        String reason = "the vehicle did not restart within " + GoDuration.format(settings.phaseTimeout())
                + " of the reboot command";
        LOG.log(System.Logger.Level.ERROR, "[" + active.activityId + "] " + reason);
        active.rebootIssued = false;
        active.incomplete = true;
        if (active.failureSummary.isEmpty()) {
            active.failureSummary = reason;
        }
        startPhase(OrchestrationPhase.ROLLBACK);
    }

    private void enterVerification() {
        active.phase = OrchestrationPhase.VERIFICATION;
        active.verificationSince = clock.millis();
        active.domains.forEach(d -> d.pending = d.active && !d.failed);
        save();
        report(Status.RUNNING, "verifying the activation after the reboot");
        for (DomainProgress domain : active.domains) {
            if (!domain.pending) {
                continue;
            }
            outbox.requestCurrentState(domain.domain, active.activityId);
            if (settings.agents().get(domain.domain).rebootRequired()) {
                // an agent that already reported its result answers a repeated ACTIVATE with that result
                outbox.sendCommand(domain.domain, active.activityId, Command.ACTIVATE);
            }
        }
        startPhaseTimer();
        advance();
    }

    private boolean runsDesiredVersions(String domain, Inventory current) {
        Optional<Domain> desired = active.desiredState.domain(domain);
        if (desired.isEmpty()) {
            return false;
        }
        for (Component component : desired.get().components()) {
            boolean running = current.softwareNodes().stream().anyMatch(n -> matches(n, domain, component));
            if (!running) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(SoftwareNode node, String domain, Component component) {
        return (node.id().equals(domain + ":" + component.id()) || node.id().equals(component.id()))
                && node.version().equals(component.version());
    }

    // ------------------------------------------------------------------ timeouts

    private void startPhaseTimer() {
        cancelTimers();
        long token = ++generation;
        timersOfPhase.add(timers.schedule(settings.phaseTimeout(), () -> phaseTimedOut(token)));
    }

    private void cancelTimers() {
        generation++;
        timersOfPhase.forEach(Timers.Timer::cancel);
        timersOfPhase.clear();
    }

    private synchronized void phaseTimedOut(long token) {
        if (token != generation || active == null) {
            return;
        }
        OrchestrationPhase phase = active.phase;
        List<String> silent = active.pendingNames();
        String timeout = GoDuration.format(settings.phaseTimeout());
        String what = "no answer from " + String.join(", ", silent) + " in phase " + phase + " within " + timeout;
        LOG.log(System.Logger.Level.WARNING, "[" + active.activityId + "] " + what);
        if (phase == OrchestrationPhase.IDENTIFICATION) {
            finish(Status.IDENTIFICATION_FAILED, "identification did not finish within " + timeout
                    + ": no answer from " + String.join(", ", silent));
            return;
        }
        if (active.failureSummary.isEmpty()) {
            active.failureSummary = what;
        } else {
            active.failureSummary += "; " + what;
        }
        for (DomainProgress domain : active.domains) {
            if (!domain.pending) {
                continue;
            }
            domain.pending = false;
            switch (phase) {
                case ROLLBACK -> domain.rollbackFailed = true;
                case CLEANUP -> {
                    domain.cleaned = true;
                    domain.cleanupFailed = true;
                }
                default -> {
                    domain.failed = true;
                    domain.failedIn = phase;
                    domain.failedWith = phase.failure();
                    domain.failure = "no answer within " + timeout;
                }
            }
        }
        save();
        advance();
    }

    // ------------------------------------------------------------------ resume

    private void resume(Activity activity) {
        active = activity;
        LOG.log(System.Logger.Level.INFO, "[" + activity.activityId + "] resuming the activity in phase "
                + activity.phase + (activity.awaitingConsent != null ? " (awaiting consent)" : ""));
        switch (activity.phase) {
            case IDENTIFICATION -> {
                for (DomainProgress domain : activity.domains) {
                    if (domain.pending) {
                        outbox.sendDesiredState(domain.domain, activity.activityId,
                                activity.desiredState.partFor(domain.domain));
                    }
                }
                startPhaseTimer();
            }
            case AWAITING_REBOOT -> {
                if (activity.rebootIssued) {
                    enterVerification();
                } else if (!settings.rebootEnabled() && !activity.bootId.equals(bootId.get())) {
                    LOG.log(System.Logger.Level.INFO, "[" + activity.activityId
                            + "] the vehicle restarted since the activation");
                    enterVerification();
                } else {
                    awaitReboot(false);
                }
                return;
            }
            case VERIFICATION -> {
                enterVerification();
                return;
            }
            default -> {
                if (activity.awaitingConsent != null) {
                    askConsent();
                    return;
                }
                if (settings.failurePolicy() == FailurePolicy.CONTINUE && activity.phase != OrchestrationPhase.CLEANUP) {
                    activity.domains.stream().filter(d -> d.cleanupSent && !d.cleaned)
                            .forEach(d -> outbox.sendCommand(d.domain, activity.activityId, Command.CLEANUP));
                }
                for (DomainProgress domain : activity.domains) {
                    if (domain.pending) {
                        activity.phase.command().ifPresent(
                                c -> outbox.sendCommand(domain.domain, activity.activityId, c));
                    }
                }
                startPhaseTimer();
            }
        }
        report(Status.RUNNING, "");
        advance();
    }

    // ------------------------------------------------------------------ reporting

    private void finish(Status status, String message) {
        cancelTimers();
        Activity activity = active;
        DesiredStateFeedback last = DesiredStateFeedback.of(status, message, actions());
        active = null;
        remember(new FinishedActivity(activity.activityId, last, false));
        save();
        LOG.log(System.Logger.Level.INFO, "[" + activity.activityId + "] finished: " + status
                + (message.isEmpty() ? "" : " - " + message));
        feedback.report(activity.activityId, status, message, last.actions());
        remember(new FinishedActivity(activity.activityId, last, true));
        save();
        inventory.collect(activity.activityId);
        if (activity.rebootIssued && settings.rebootEnabled() && activity.domains.stream()
                .anyMatch(d -> d.rolledBack && settings.agents().get(d.domain).rebootRequired())) {
            rebootBackIntoThePreviousVersion(activity.activityId);
        }
    }

    /**
     * A domain that had rebooted into its new version was rolled back: only a reboot brings the previous one
     * back. Not journaled: should the manager die first, the next start of the vehicle boots the previous
     * version all the same, because the rollback restored the boot order.
     */
    private void rebootBackIntoThePreviousVersion(String activityId) {
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] rebooting in " + GoDuration.format(
                settings.rebootAfter()) + " to boot the previous version again");
        timers.schedule(settings.rebootAfter(), () -> {
            try {
                rebooter.reboot();
            } catch (Rebooter.RebootFailedException e) {
                LOG.log(System.Logger.Level.ERROR, "[" + activityId + "] reboot after the rollback failed: "
                        + e.getMessage());
            }
        });
    }

    private void remember(FinishedActivity finished) {
        recent.removeIf(f -> f.activityId().equals(finished.activityId()));
        recent.add(finished);
        while (recent.size() > Math.max(1, settings.recentActivities())) {
            recent.remove(0);
        }
    }

    private String finalMessage() {
        StringBuilder text = new StringBuilder("the update process is incompleted");
        if (!active.failureSummary.isEmpty()) {
            text.append(": ").append(active.failureSummary);
        }
        List<String> others = active.domains.stream().filter(d -> d.failed && d.failedIn != null)
                .map(d -> d.domain).skip(1).toList();
        if (!others.isEmpty()) {
            text.append("; also failed: ").append(String.join(", ", others));
        }
        appendList(text, "; rolled back: ", d -> d.rolledBack);
        appendList(text, "; rollback failed: ", d -> d.rollbackFailed);
        appendList(text, "; cleanup failed: ", d -> d.cleanupFailed);
        String warning = warning();
        if (!warning.isEmpty()) {
            text.append("; ").append(warning);
        }
        return text.toString();
    }

    private void appendList(StringBuilder text, String label, Predicate<DomainProgress> which) {
        List<String> names = active.domains.stream().filter(which).map(DomainProgress::domain).toList();
        if (!names.isEmpty()) {
            text.append(label).append(String.join(", ", names));
        }
    }

    private String warning() {
        return active.skipped.isEmpty() ? ""
                : "skipped domains without an update agent: " + String.join(", ", active.skipped);
    }

    private void report(Status status, String message) {
        active.lastStatus = status;
        active.lastMessage = message;
        feedback.report(active.activityId, status, message, actions());
    }

    /** The union of the domains' actions; activation statuses are reported as update statuses, as Kanto does. */
    private List<Action> actions() {
        if (active == null) {
            return List.of();
        }
        List<Action> all = new ArrayList<>();
        for (DomainProgress domain : active.domains) {
            for (Action action : domain.actions()) {
                all.add(new Action(new ComponentRef(action.component().id(), action.component().version()),
                        overallActionStatus(action.status()), action.progress(), action.message()));
            }
        }
        return all;
    }

    private static ActionStatus overallActionStatus(ActionStatus status) {
        return switch (status) {
            case ACTIVATING -> ActionStatus.UPDATING;
            case ACTIVATION_SUCCESS -> ActionStatus.UPDATE_SUCCESS;
            case ACTIVATION_FAILURE -> ActionStatus.UPDATE_FAILURE;
            default -> status;
        };
    }

    private static Status normalise(Status status) {
        return switch (status) {
            case COMPLETE -> Status.COMPLETED;
            case INCOMPLETE_INCONSISTENT -> Status.INCOMPLETE;
            default -> status;
        };
    }

    /**
     * Why a domain failed, in words the operator can act on. Leda's agent puts a headline in the feedback
     * ("Install failed.") and the cause in the failed action (RAUC's error text), so both are taken.
     */
    private static String reason(DesiredStateFeedback message) {
        String headline = message.message();
        List<String> causes = message.actions().stream().filter(a -> FAILED_ACTIONS.contains(a.status()))
                .map(Action::message).filter(m -> !m.isEmpty() && !m.equals(headline)).distinct().toList();
        if (causes.isEmpty()) {
            return !headline.isEmpty() ? headline
                    : message.actions().stream().map(Action::message).filter(m -> !m.isEmpty()).findFirst().orElse("");
        }
        String cause = String.join("; ", causes);
        return headline.isEmpty() || cause.startsWith(headline) ? cause : headline + " " + cause;
    }

    private void save() {
        journal.save(new ActivityJournal.Content(Optional.ofNullable(active), recent));
    }
}

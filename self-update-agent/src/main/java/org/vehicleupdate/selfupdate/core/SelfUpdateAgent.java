package org.vehicleupdate.selfupdate.core;

import static org.vehicleupdate.messages.Status.ACTIVATION_FAILURE;
import static org.vehicleupdate.messages.Status.COMPLETED;
import static org.vehicleupdate.messages.Status.DOWNLOAD_FAILURE;
import static org.vehicleupdate.messages.Status.INCOMPLETE;
import static org.vehicleupdate.messages.Status.ROLLBACK_FAILURE;
import static org.vehicleupdate.messages.Status.UPDATE_FAILURE;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vehicleupdate.kit.agent.AgentActivity;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.kit.agent.AgentProtocol;
import org.vehicleupdate.kit.agent.CommandGate;
import org.vehicleupdate.kit.agent.DomainAgent;
import org.vehicleupdate.kit.agent.ProgressThrottle;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * The self-update agent: one OS update at a time through RAUC, driven by the phase commands of the update
 * protocol (the protocol itself is service-kit's). Every state change is journaled before it is reported, so that
 * the agent carries on after a restart, a kill or a power loss. The steps are units of their own: the request
 * check, the download, the install, the boot check and the feedback texts.
 *
 * <p>Calls are serialised. The download runs on the background executor, so that the agent answers (and can
 * roll back or clean up) meanwhile; an install holds the agent until RAUC completes it (RAUC cannot abort one).
 */
public final class SelfUpdateAgent implements DomainAgent {
    public static final String DOMAIN = "self-update";
    public static final String COMPONENT = "os-image";
    public static final String IMAGE_KEY = "image";
    /** The component's config key that pins the bundle's SHA-256 (optional). */
    public static final String SHA256_KEY = "sha256";
    public static final String OS_NODE = DOMAIN + ":" + COMPONENT;
    public static final String AGENT_NODE = "self-update-agent";

    private static final System.Logger LOG = System.getLogger(SelfUpdateAgent.class.getName());

    private final AgentSettings settings;
    private final Rauc rauc;
    private final ActivityJournal journal;
    private final AgentOutbox out;
    private final BootIdentity boot;
    private final Clock clock;
    private final RequestCheck requestCheck;
    private final BundleDownload download;
    private final BundleInstall install;
    private final BootCheck bootCheck;
    private final SlotRollback slotRollback;
    private SelfUpdateActivity activity;
    /** Set to stop the download that runs in the background, if any. */
    private AtomicBoolean downloadStop = new AtomicBoolean();

    public SelfUpdateAgent(AgentSettings settings, Rauc rauc, BundleDownloader downloader, BundleDigest digest,
            ActivityJournal journal, AgentOutbox out, BootIdentity boot, Clock clock, Executor background) {
        this.settings = settings;
        this.rauc = rauc;
        this.journal = journal;
        this.out = out;
        this.boot = boot;
        this.clock = clock;
        this.requestCheck = new RequestCheck(settings, rauc);
        this.download = new BundleDownload(settings, downloader, clock, background);
        this.install = new BundleInstall(rauc, digest, settings.installTimeout());
        this.bootCheck = new BootCheck(rauc, boot);
        this.slotRollback = new SlotRollback(rauc);
    }

    /** The activity as journaled: the one in hand, or the last one finished. */
    public synchronized Optional<SelfUpdateActivity> current() {
        return Optional.ofNullable(activity);
    }

    @Override
    public synchronized Optional<AgentActivity> activity() {
        return current().map(a -> new AgentActivity(a.activityId(), a.currentStatus()));
    }

    @Override
    public String identifyingMessage() {
        return Texts.IDENTIFYING;
    }

    @Override
    public CommandGate gate() {
        return SelfUpdateCommands.GATE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // start and desired states

    /** Reads the journal and carries on with an open activity. */
    @Override
    public synchronized void resume() {
        activity = journal.load().orElse(null);
        if (activity == null || activity.state() == ActivityState.FINISHED) {
            return;
        }
        log("resuming in state " + activity.state());
        switch (activity.state()) {
            case DOWNLOADING -> runDownload();
            case INSTALLING -> applyInstall(install.recover(activity,
                    () -> send(SelfUpdateFeedback.installing(activity.version(), 0))));
            case ACTIVATED, VERIFIED -> checkBoot();
            default -> repeatStatus();
        }
    }

    @Override
    public synchronized void repeatStatus() {
        SelfUpdateFeedback.standing(activity).forEach(this::send);
    }

    /** Only an activity that has changed nothing on the slots, or whose changes can be undone now, gives way. */
    @Override
    public synchronized Optional<String> blocker() {
        return switch (activity.state()) {
            case ACTIVATED, VERIFIED, DOWNLOADING, INSTALLING -> Optional.of(activity.currentStatus()
                    + "; send ROLLBACK or CLEANUP for it first");
            default -> slotRollback.unfinished(activity);
        };
    }

    @Override
    public synchronized void identify(String activityId, DesiredState desired) {
        RequestCheck.Result result = requestCheck.check(activityId, desired);
        if (result instanceof RequestCheck.Refused refused) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] identification failed: " + refused.reason());
            out.feedback(activityId, SelfUpdateFeedback.identificationFailed(refused.reason()));
            return;
        }
        Optional<String> notReleased = releaseOpenActivity();
        if (notReleased.isPresent()) {
            String reason = AgentProtocol.anotherActivityInProgress(activity.activityId()) + " (" + notReleased.get()
                    + ")";
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] identification failed: " + reason);
            out.feedback(activityId, SelfUpdateFeedback.identificationFailed(reason));
            return;
        }
        if (result instanceof RequestCheck.AlreadyRunning running) {
            save(SelfUpdateActivity.nothingToDo(activityId, running.version(), Texts.SKIPPED));
            SelfUpdateFeedback.nothingToDo().forEach(this::send);
        } else if (result instanceof RequestCheck.Accepted accepted) {
            save(SelfUpdateActivity.identified(accepted.request()));
            log("identified: " + accepted.plan());
            send(SelfUpdateFeedback.identified(activity.version()));
        }
    }

    /** Undoes what an open activity that gave way did to the boot order and deletes its bundle. */
    private Optional<String> releaseOpenActivity() {
        if (activity == null || activity.state() == ActivityState.FINISHED) {
            return Optional.empty();
        }
        if (activity.standing().touchedBootOrder()) {
            Optional<String> error = install.restoreBootOrder(activity);
            if (error.isPresent()) {
                return Optional.of("cannot make " + activity.request().originalSlot() + " active again with RAUC: "
                        + error.get());
            }
        }
        download.discard(activity);
        log("superseded by a new desired state in state " + activity.state());
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // commands

    @Override
    public synchronized void run(DesiredStateCommand command) {
        switch (command.command()) {
            case DOWNLOAD -> runDownload();
            case UPDATE -> update();
            case ACTIVATE -> activate();
            case CLEANUP -> cleanup();
            case ROLLBACK -> rollback();
        }
    }

    @Override
    public synchronized boolean answerAgain(DesiredStateCommand command) {
        String version = activity.version();
        List<DesiredStateFeedback> answer = switch (command.command()) {
            case DOWNLOAD -> activity.state() == ActivityState.DOWNLOADING
                    ? List.of(SelfUpdateFeedback.downloading(version, 0, 0))
                    : success(ActivityState.DOWNLOADED, SelfUpdateFeedback.downloaded(version,
                            activity.facts().bundleBytes()), DOWNLOAD_FAILURE);
            case UPDATE -> success(ActivityState.INSTALLED, SelfUpdateFeedback.installed(version), UPDATE_FAILURE);
            case ACTIVATE -> activity.state() == ActivityState.FAILED ? failureOf(ACTIVATION_FAILURE)
                    : success(ActivityState.ACTIVATED, SelfUpdateFeedback.activated(activity), ACTIVATION_FAILURE);
            case ROLLBACK -> activity.standing().rollbackMessage().isEmpty() ? List.of()
                    : List.of(SelfUpdateFeedback.rolledBack(activity));
            case CLEANUP -> SelfUpdateFeedback.finished(activity);
        };
        answer.forEach(this::send);
        return !answer.isEmpty();
    }

    /** The phase's success when the activity got past it, else its failure when that is how it failed. */
    private List<DesiredStateFeedback> success(ActivityState past, DesiredStateFeedback success, Status failure) {
        return activity.reached().passed(past) ? List.of(success) : failureOf(failure);
    }

    private List<DesiredStateFeedback> failureOf(Status failure) {
        return activity.standing().failure().filter(f -> f.status() == failure)
                .map(f -> List.of(SelfUpdateFeedback.failed(activity.version(), f, 0))).orElse(List.of());
    }

    // ---------------------------------------------------------------------------------------------------------
    // DOWNLOAD, UPDATE, ACTIVATE

    private void runDownload() {
        save(activity.in(ActivityState.DOWNLOADING));
        send(SelfUpdateFeedback.downloading(activity.version(), 0, 0));
        SelfUpdateActivity downloading = activity;
        downloadStop = download.start(downloading, new BundleDownload.Listener() {
            @Override
            public void progress(int percent, long size) {
                out.feedback(downloading.activityId(), SelfUpdateFeedback.downloading(downloading.version(), percent,
                        size));
            }

            @Override
            public void downloaded(long bytes) {
                synchronized (SelfUpdateAgent.this) {
                    if (stillDownloading(downloading)) {
                        save(activity.withFacts(f -> f.withBundleBytes(bytes)).in(ActivityState.DOWNLOADED));
                        log("downloaded " + bytes + " bytes to " + activity.request().bundleFile());
                        send(SelfUpdateFeedback.downloaded(activity.version(), bytes));
                    }
                }
            }

            @Override
            public void failed(String reason, int percent) {
                synchronized (SelfUpdateAgent.this) {
                    if (stillDownloading(downloading)) {
                        fail(DOWNLOAD_FAILURE, reason, percent);
                    }
                }
            }
        });
    }

    private boolean stillDownloading(SelfUpdateActivity downloading) {
        return activity != null && activity.activityId().equals(downloading.activityId())
                && activity.state() == ActivityState.DOWNLOADING;
    }

    /** Stops a download in the background; what it got so far stays until CLEANUP. */
    private void stopDownload() {
        if (activity.state() == ActivityState.DOWNLOADING) {
            downloadStop.set(true);
            log("download stopped");
        }
    }

    private void update() {
        send(SelfUpdateFeedback.checkingVersion(activity.version()));
        ProgressThrottle<Integer> throttle = new ProgressThrottle<>(clock, settings.progressInterval());
        applyInstall(install.install(activity, new BundleInstall.Listener() {
            @Override
            public void installing(long installedCountBefore) {
                save(activity.withFacts(f -> f.withInstalledCountBefore(installedCountBefore))
                        .in(ActivityState.INSTALLING));
                throttle.admit(0);
                send(SelfUpdateFeedback.installing(activity.version(), 0));
            }

            @Override
            public void progress(int percent) {
                if (throttle.admit(percent)) {
                    send(SelfUpdateFeedback.installing(activity.version(), percent));
                }
            }
        }));
    }

    private void applyInstall(BundleInstall.Result result) {
        if (result instanceof BundleInstall.Failed failed) {
            fail(UPDATE_FAILURE, failed.reason(), failed.progress());
            return;
        }
        save(activity.in(ActivityState.INSTALLED));
        log("installed " + activity.version() + " into " + activity.request().targetSlot() + "; "
                + activity.request().originalSlot() + " stays first until ACTIVATE");
        send(SelfUpdateFeedback.installed(activity.version()));
    }

    private void activate() {
        send(SelfUpdateFeedback.activating(activity.version()));
        // journaled first: a restart in between makes the agent mark the slot active again (idempotent)
        save(activity.withFacts(f -> f.withActivationBootId(boot.current())).in(ActivityState.ACTIVATED));
        try {
            rauc.markActive(activity.request().targetSlot());
        } catch (RaucException e) {
            install.restoreBootOrder(activity);
            fail(ACTIVATION_FAILURE, Texts.ACTIVATION_FAILED + " " + e.getMessage(), 0);
            return;
        }
        log("activated " + activity.request().targetSlot() + "; a reboot is required");
        send(SelfUpdateFeedback.activated(activity));
    }

    /** After a reboot: verified, or the activation failed; after an early CLEANUP the agent ends it itself. */
    private void checkBoot() {
        BootCheck.Result result = bootCheck.check(activity);
        if (result instanceof BootCheck.NoReboot) {
            send(SelfUpdateFeedback.activated(activity));
        } else if (result instanceof BootCheck.Unknown unknown) {
            log("cannot check the booted slot after the reboot: " + unknown.error());
        } else if (result instanceof BootCheck.Verified verified) {
            save(activity.withFacts(f -> f.withActivationBootId(verified.bootId())).in(ActivityState.VERIFIED));
            log("verified: booted " + verified.bootedSlot() + " with version " + activity.version());
            send(SelfUpdateFeedback.activated(activity));
            if (activity.facts().cleanupBeforeReboot()) {
                commit();
            }
        } else if (result instanceof BootCheck.NotVerified failed) {
            save(activity.withFacts(f -> f.withActivationBootId(failed.bootId())));
            fail(ACTIVATION_FAILURE, Texts.ACTIVATION_FAILED + " " + failed.reason(), 0);
            if (activity.facts().cleanupBeforeReboot()) {
                abandon();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // CLEANUP and ROLLBACK

    private void cleanup() {
        switch (activity.state()) {
            case VERIFIED -> commit();
            case ACTIVATED -> {
                // Leda's and Kanto's order: CLEANUP before the reboot (Kanto's update-manager reboots only after
                // COMPLETED). The activity stays open: after the reboot the agent checks the boot and then
                // commits the new slot, or gives it up, on its own, since no further command will come.
                download.discard(activity);
                save(activity.withFacts(StepFacts::withCleanupBeforeReboot));
                SelfUpdateFeedback.completedBeforeReboot(activity.version()).forEach(this::send);
            }
            default -> abandon();
        }
    }

    private void commit() {
        String target = activity.request().targetSlot();
        try {
            rauc.markGood(target);
        } catch (RaucException e) {
            String message = Texts.CLEANUP_FAILED + " Cannot mark " + target + " good: " + e.getMessage();
            log(message);
            send(SelfUpdateFeedback.cleanupFailed(activity.version(), ActionStatus.UPDATE_SUCCESS, message));
            return;
        }
        download.discard(activity);
        save(activity.finished(COMPLETED, Texts.COMPLETE));
        log("committed " + target + " (marked good)");
        end();
    }

    /** CLEANUP after a failure or a rollback, or of an activity that never got as far as ACTIVATE. */
    private void abandon() {
        stopDownload();
        if (activity.state() != ActivityState.ROLLED_BACK && activity.standing().touchedBootOrder()) {
            Optional<String> error = install.restoreBootOrder(activity);
            if (error.isPresent()) {
                String message = Texts.CLEANUP_FAILED + " Cannot make " + activity.request().originalSlot()
                        + " active: " + error.get();
                send(SelfUpdateFeedback.cleanupFailed(activity.version(), ActionStatus.UPDATE_FAILURE, message));
                return;
            }
        }
        download.discard(activity);
        Standing standing = activity.standing();
        String why = !standing.rollbackMessage().isEmpty() ? standing.rollbackMessage()
                : standing.failure().map(Outcome::message).orElse("The update was cleaned up in status "
                        + activity.currentStatus() + " before it was activated.");
        save(activity.finished(INCOMPLETE, why));
        log("cleaned up; incomplete: " + why);
        end();
    }

    private void end() {
        SelfUpdateFeedback.finished(activity).forEach(this::send);
        out.currentState(activity.activityId(), currentState());
    }

    private void rollback() {
        send(SelfUpdateFeedback.rollingBack());
        stopDownload();
        try {
            String message = slotRollback.rollBack(activity);
            save(activity.rolledBack(message));
            log("rolled back: " + message);
            send(SelfUpdateFeedback.rolledBack(activity));
        } catch (RaucException e) {
            fail(ROLLBACK_FAILURE, Texts.ROLLBACK_FAILED + " " + e.getMessage(), 0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    @Override
    public Inventory currentState() {
        return OsInventory.read(settings.agentVersion(), rauc);
    }

    private void fail(Status status, String reason, int progress) {
        save(activity.failed(status, reason));
        log(status + ": " + reason);
        send(SelfUpdateFeedback.failed(activity.version(), new Outcome(status, reason), progress));
    }

    private void send(DesiredStateFeedback feedback) {
        out.feedback(activity.activityId(), feedback);
    }

    private void save(SelfUpdateActivity next) {
        journal.save(next);
        activity = next;
    }

    private void log(String message) {
        LOG.log(System.Logger.Level.INFO, "[" + (activity == null ? "-" : activity.activityId()) + "] " + message);
    }
}

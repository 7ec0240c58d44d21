package org.vehicleupdate.selfupdate.core;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * The self-update agent's state machine: one OS update at a time, through RAUC, driven by the phase commands
 * of the update protocol. Every state change is journaled before it is reported, so that the agent carries on
 * after a restart, a kill or a power loss; every command gets an answer, also in the wrong state.
 *
 * <p>Calls are serialised. The download runs on the background executor, so that the agent answers (and can
 * roll back or clean up) meanwhile; an install holds the agent until RAUC completes it (RAUC cannot abort one).
 */
public final class SelfUpdateAgent {
    public static final String DOMAIN = "self-update";
    public static final String COMPONENT = "os-image";
    public static final String IMAGE_KEY = "image";
    public static final String OS_NODE = DOMAIN + ":" + COMPONENT;
    public static final String AGENT_NODE = "self-update-agent";

    private static final System.Logger LOG = System.getLogger(SelfUpdateAgent.class.getName());

    private final AgentSettings settings;
    private final Rauc rauc;
    private final BundleDownloader downloader;
    private final ActivityJournal journal;
    private final FeedbackSink out;
    private final BootIdentity boot;
    private final Clock clock;
    private final Executor background;
    private final CountDownLatch started = new CountDownLatch(1);
    private SelfUpdateActivity activity;
    /** Set to stop the download that runs in the background, if any. */
    private AtomicBoolean downloadStop = new AtomicBoolean();

    public SelfUpdateAgent(AgentSettings settings, Rauc rauc, BundleDownloader downloader, ActivityJournal journal,
            FeedbackSink out, BootIdentity boot, Clock clock, Executor background) {
        this.settings = settings;
        this.rauc = rauc;
        this.downloader = downloader;
        this.journal = journal;
        this.out = out;
        this.boot = boot;
        this.clock = clock;
        this.background = background;
    }

    /** Reads the journal and carries on with an open activity, then publishes the current state. */
    public synchronized void start() {
        started.countDown();
        activity = journal.load().orElse(null);
        if (activity != null && activity.phase() != Phase.FINISHED) {
            log("resuming in phase " + activity.phase());
            resume();
        }
        publishCurrentState(activity == null ? "" : activity.activityId());
    }

    /** Messages wait until {@link #start} has read the journal (and resumed what it has to). */
    private void awaitStart() {
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the agent starts", e);
        }
    }

    public synchronized Optional<SelfUpdateActivity> activity() {
        return Optional.ofNullable(activity);
    }

    // ---------------------------------------------------------------------------------------------------------
    // desired state

    public void onDesiredState(String activityId, DesiredState desired) {
        awaitStart();
        handleDesiredState(activityId, desired);
    }

    private synchronized void handleDesiredState(String activityId, DesiredState desired) {
        if (activity != null && activity.activityId().equals(activityId)) {
            // delivered again (QoS 1) or sent again: answer with where this activity stands, apply nothing
            log("desired state for the current activity again; answering with its status");
            republish();
            return;
        }
        send(activityId, feedback(Status.IDENTIFYING, Texts.IDENTIFYING));
        if (activity != null && activity.phase() != Phase.FINISHED) {
            Optional<String> blocker = supersede();
            if (blocker.isPresent()) {
                identificationFailed(activityId, blocker.get());
                return;
            }
        }
        Optional<Component> component = desired.domain(DOMAIN).flatMap(d -> component(d));
        if (desired.domain(DOMAIN).isEmpty()) {
            identificationFailed(activityId, "mandatory domain with 'id'='" + DOMAIN + "' is missing");
            return;
        }
        if (component.isEmpty()) {
            identificationFailed(activityId, "mandatory component with 'id'='" + COMPONENT + "' is missing");
            return;
        }
        Optional<String> url = component.get().configValue(IMAGE_KEY);
        if (url.isEmpty()) {
            identificationFailed(activityId, "mandatory config entry with bundle url is missing (key '"
                    + IMAGE_KEY + "')");
            return;
        }
        String version = component.get().version().strip();
        if (version.isEmpty()) {
            identificationFailed(activityId, "mandatory bundle version is empty");
            return;
        }
        if (url.get().isBlank()) {
            identificationFailed(activityId, "mandatory bundle download url is empty");
            return;
        }
        Optional<String> badUrl = checkUrl(url.get().strip());
        if (badUrl.isPresent()) {
            identificationFailed(activityId, badUrl.get());
            return;
        }
        SystemStatus system;
        try {
            system = rauc.status();
        } catch (RaucException e) {
            identificationFailed(activityId, "cannot read the slots from RAUC: " + e.getMessage());
            return;
        }
        Optional<SlotStatus> booted = system.booted();
        if (booted.isEmpty()) {
            identificationFailed(activityId, "RAUC reports no booted slot");
            return;
        }
        if (booted.get().bundleVersion().equals(version)) {
            SelfUpdateActivity done = SelfUpdateActivity.nothingToDo(activityId, version, Texts.SKIPPED);
            save(done);
            send(activityId, feedback(Status.IDENTIFIED, Texts.IDENTIFIED));
            send(activityId, feedback(Status.COMPLETED, Texts.SKIPPED));
            return;
        }
        Optional<SlotStatus> target = system.other();
        if (target.isEmpty()) {
            identificationFailed(activityId, "RAUC reports no slot to update besides the booted slot "
                    + booted.get().label());
            return;
        }
        save(SelfUpdateActivity.identified(activityId, version, url.get().strip(), booted.get().name(),
                target.get().name(), bundleFile(activityId, url.get()).toString()));
        log("identified: " + booted.get().label() + " runs " + quoted(booted.get().bundleVersion()) + ", "
                + target.get().label() + " gets " + version);
        send(activityId, feedback(Status.IDENTIFIED, Texts.IDENTIFIED,
                action(ActionStatus.IDENTIFIED, 0, Texts.IDENTIFIED)));
    }

    /** A desired state that could not be read: the reason goes back as IDENTIFICATION_FAILED. */
    public void onUnreadableDesiredState(String activityId, String reason) {
        awaitStart();
        handleUnreadableDesiredState(activityId, reason);
    }

    private synchronized void handleUnreadableDesiredState(String activityId, String reason) {
        log("unreadable desired state: " + reason);
        // as Leda: IDENTIFYING first, so that a tool waiting for it sees the failure that follows
        out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFYING, Texts.IDENTIFYING, List.of()));
        out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
    }

    /** A command that could not be read (unknown command, not JSON): Leda answers IDENTIFICATION_FAILED. */
    public void onUnreadableCommand(String activityId, String reason) {
        awaitStart();
        handleUnreadableCommand(activityId, reason);
    }

    private synchronized void handleUnreadableCommand(String activityId, String reason) {
        log("unreadable command: " + reason);
        out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
    }

    public void onCurrentStateGet(String activityId) {
        awaitStart();
        handleCurrentStateGet(activityId);
    }

    private synchronized void handleCurrentStateGet(String activityId) {
        publishCurrentState(activityId);
    }

    private static Optional<Component> component(Domain domain) {
        Optional<Component> found = Optional.empty();
        for (Component c : domain.components()) {
            if (c.id().equals(COMPONENT)) {
                found = Optional.of(c);
            }
        }
        return found;
    }

    private Optional<String> checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("bundle download url '" + url + "' is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!settings.allowedSchemes().contains(scheme)) {
            return Optional.of("bundle download url '" + url + "' uses scheme '" + scheme
                    + "', which is not allowed (allowed: " + String.join(", ", settings.allowedSchemes().stream()
                    .sorted().toList()) + ")");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("bundle download url '" + url + "' has no host");
        }
        return Optional.empty();
    }

    /**
     * Drops the open activity for a new one when nothing of it is pending on the slots; otherwise says why not.
     */
    private Optional<String> supersede() {
        String id = activity.activityId();
        String busy = "Another update activity in progress - " + id;
        switch (activity.phase()) {
            case ACTIVATED, VERIFIED, DOWNLOADING, INSTALLING:
                return Optional.of(busy + " (" + activity.currentStatus()
                        + "; send ROLLBACK or CLEANUP for it first)");
            default:
                break;
        }
        try {
            Optional<SlotStatus> booted = rauc.status().booted();
            if (booted.isEmpty() || !booted.get().name().equals(activity.originalSlot())) {
                return Optional.of(busy + " (the system runs " + booted.map(SlotStatus::label).orElse("no slot")
                        + " and needs a reboot into " + activity.originalSlot() + " to finish the rollback)");
            }
            if (touchedBootOrder(activity)) {
                rauc.markActive(activity.originalSlot());
            }
        } catch (RaucException e) {
            return Optional.of(busy + " (cannot check the slots with RAUC: " + e.getMessage() + ")");
        }
        log("superseded by a new desired state in phase " + activity.phase());
        downloader.discard(Path.of(activity.bundleFile()));
        return Optional.empty();
    }

    private void identificationFailed(String activityId, String reason) {
        log("identification failed: " + reason);
        send(activityId, feedback(Status.IDENTIFICATION_FAILED, reason));
    }

    // ---------------------------------------------------------------------------------------------------------
    // commands

    public void onCommand(String activityId, Command command) {
        awaitStart();
        handleCommand(activityId, command);
    }

    private synchronized void handleCommand(String activityId, Command command) {
        Status failure = failureOf(command);
        if (activity == null || (!activity.activityId().equals(activityId) && activity.phase() == Phase.FINISHED)) {
            refuse(activityId, command, failure, "there is no update activity " + quoted(activityId));
            return;
        }
        if (!activity.activityId().equals(activityId)) {
            refuse(activityId, command, failure, "it is for activity " + quoted(activityId)
                    + ", but the current activity is " + quoted(activity.activityId()));
            return;
        }
        log("command " + command + " in phase " + activity.phase());
        switch (command) {
            case DOWNLOAD -> download();
            case UPDATE -> update();
            case ACTIVATE -> activate();
            case CLEANUP -> cleanup();
            case ROLLBACK -> rollback();
        }
    }

    private void download() {
        if (activity.phase() == Phase.IDENTIFIED) {
            runDownload();
        } else if (activity.phase() == Phase.DOWNLOADING) {
            republish();
        } else if (activity.reached().passed(Phase.DOWNLOADED)) {
            sendDownloadSuccess();
        } else if (activity.failure() == Status.DOWNLOAD_FAILURE) {
            sendFailure();
        } else {
            refuseInPhase(Command.DOWNLOAD);
        }
    }

    private void update() {
        if (activity.phase() == Phase.DOWNLOADED) {
            runUpdate();
        } else if (activity.reached().passed(Phase.INSTALLED)) {
            sendUpdateSuccess();
        } else if (activity.failure() == Status.UPDATE_FAILURE) {
            sendFailure();
        } else {
            refuseInPhase(Command.UPDATE);
        }
    }

    private void activate() {
        if (activity.phase() == Phase.INSTALLED) {
            runActivate();
        } else if (activity.reached().passed(Phase.ACTIVATED) && activity.phase() != Phase.FAILED) {
            sendActivationSuccess();
        } else if (activity.failure() == Status.ACTIVATION_FAILURE) {
            sendFailure();
        } else {
            refuseInPhase(Command.ACTIVATE);
        }
    }

    private void refuseInPhase(Command command) {
        refuse(activity.activityId(), command, failureOf(command), "the current status is "
                + activity.currentStatus());
    }

    private void refuse(String activityId, Command command, Status failure, String why) {
        String required = switch (command) {
            case DOWNLOAD -> "[IDENTIFIED]";
            case UPDATE -> "[DOWNLOAD_SUCCESS]";
            case ACTIVATE -> "[UPDATE_SUCCESS]";
            case CLEANUP, ROLLBACK -> "[IDENTIFIED] or a later one";
        };
        String message = command + " is possible only after status " + required + " is reported; " + why;
        log("refused: " + message);
        out.feedback(activityId, DesiredStateFeedback.of(failure, message, List.of()));
    }

    private static Status failureOf(Command command) {
        return switch (command) {
            case DOWNLOAD -> Status.DOWNLOAD_FAILURE;
            case UPDATE -> Status.UPDATE_FAILURE;
            case ACTIVATE -> Status.ACTIVATION_FAILURE;
            case CLEANUP -> Status.CLEANUP_FAILURE;
            case ROLLBACK -> Status.ROLLBACK_FAILURE;
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // DOWNLOAD

    private void runDownload() {
        save(activity.in(Phase.DOWNLOADING));
        send(feedback(Status.DOWNLOADING, Texts.PERFORMING, action(ActionStatus.DOWNLOADING, 0, Texts.downloading(0))));
        AtomicBoolean stop = new AtomicBoolean();
        downloadStop = stop;
        SelfUpdateActivity downloading = activity;
        background.execute(() -> download(downloading, stop));
    }

    /** Runs without holding the agent; takes it again to record the result, unless the activity moved on. */
    private void download(SelfUpdateActivity downloading, AtomicBoolean stop) {
        ProgressThrottle throttle = new ProgressThrottle(clock, settings.progressInterval());
        throttle.due();
        int[] lastPercent = {0};
        try {
            Files.createDirectories(settings.dataDirectory());
            long size = downloader.download(URI.create(downloading.bundleUrl()), Path.of(downloading.bundleFile()),
                    (bytes, total) -> {
                        int percent = total > 0 ? (int) Math.min(100, bytes * 100 / total) : 0;
                        lastPercent[0] = percent;
                        if (!stop.get() && throttle.due()) {
                            out.feedback(downloading.activityId(), feedback(Status.DOWNLOADING, Texts.PERFORMING,
                                    new Action(new ComponentRef(OS_NODE, downloading.version()),
                                            ActionStatus.DOWNLOADING, percent,
                                            Texts.downloading(total > 0 ? total : bytes))));
                        }
                    }, stop::get);
            synchronized (this) {
                if (stillDownloading(downloading)) {
                    save(activity.withBundleBytes(size).in(Phase.DOWNLOADED));
                    log("downloaded " + size + " bytes to " + activity.bundleFile());
                    sendDownloadSuccess();
                }
            }
        } catch (DownloadException e) {
            synchronized (this) {
                if (stillDownloading(downloading) && !stop.get()) {
                    fail(Status.DOWNLOAD_FAILURE, "Download failed: " + e.getMessage(), lastPercent[0]);
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                if (stillDownloading(downloading)) {
                    fail(Status.DOWNLOAD_FAILURE, "Download failed: cannot create the data directory "
                            + settings.dataDirectory() + ": " + e.getMessage(), 0);
                }
            }
        }
    }

    private boolean stillDownloading(SelfUpdateActivity downloading) {
        return activity != null && activity.activityId().equals(downloading.activityId())
                && activity.phase() == Phase.DOWNLOADING;
    }

    /** Stops a download in the background; what it got so far stays until CLEANUP. */
    private void stopDownload() {
        if (activity.phase() == Phase.DOWNLOADING) {
            downloadStop.set(true);
            log("download stopped");
        }
    }

    private void sendDownloadSuccess() {
        send(feedback(Status.DOWNLOAD_SUCCESS, Texts.PERFORMING,
                action(ActionStatus.DOWNLOAD_SUCCESS, 100, Texts.downloaded(activity.bundleBytes()))));
    }

    // ---------------------------------------------------------------------------------------------------------
    // UPDATE

    private void runUpdate() {
        send(feedback(Status.UPDATING, Texts.PERFORMING, action(ActionStatus.UPDATING, 0, Texts.VERSION_CHECKING)));
        Path bundle = Path.of(activity.bundleFile());
        if (!Files.isRegularFile(bundle)) {
            fail(Status.UPDATE_FAILURE, "the downloaded bundle " + bundle + " is gone; a new desired state has to "
                    + "download it again", 0);
            return;
        }
        // Info verifies the signature too; when it fails, RAUC's install gives the precise reason (it checks
        // the signature before it writes anything), so the install goes ahead and the version is checked after
        String bundleVersion = "";
        try {
            bundleVersion = rauc.bundleVersion(bundle);
        } catch (RaucException e) {
            log("RAUC cannot read the bundle's version (" + e.getMessage() + "); the install will say why");
        }
        if (!bundleVersion.isEmpty() && !bundleVersion.equals(activity.version())) {
            rejectVersion(bundleVersion);
            return;
        }
        long countBefore;
        try {
            countBefore = rauc.status().slot(activity.targetSlot()).map(SlotStatus::installedCount).orElse(0L);
        } catch (RaucException e) {
            fail(Status.UPDATE_FAILURE, "cannot read the slots from RAUC: " + e.getMessage(), 0);
            return;
        }
        save(activity.withInstalledCountBefore(countBefore).in(Phase.INSTALLING));
        ProgressThrottle throttle = new ProgressThrottle(clock, settings.progressInterval());
        throttle.due();
        send(feedback(Status.UPDATING, Texts.PERFORMING, action(ActionStatus.UPDATING, 0, Texts.INSTALLING)));
        int[] lastPercent = {0};
        InstallOutcome outcome;
        try {
            outcome = rauc.install(bundle, (percent, step) -> {
                lastPercent[0] = Math.max(0, Math.min(100, percent));
                if (throttle.due()) {
                    send(feedback(Status.UPDATING, Texts.PERFORMING,
                            action(ActionStatus.UPDATING, lastPercent[0], Texts.INSTALLING)));
                }
            });
        } catch (RaucException e) {
            restoreBootOrderQuietly();
            fail(Status.UPDATE_FAILURE, e.getMessage(), lastPercent[0], Texts.INSTALL_FAILED);
            return;
        }
        finishInstall(outcome, bundleVersion, lastPercent[0]);
    }

    private void finishInstall(InstallOutcome outcome, String checkedVersion, int percent) {
        Optional<String> restoreError = restoreBootOrderQuietly();
        if (!outcome.success()) {
            String reason = outcome.lastError().isEmpty() ? Texts.PARTITION_FAILED : outcome.lastError();
            fail(Status.UPDATE_FAILURE, reason, percent, Texts.INSTALL_FAILED);
            return;
        }
        if (checkedVersion.isEmpty()) {
            String written = "";
            try {
                written = rauc.status().slot(activity.targetSlot()).map(SlotStatus::bundleVersion).orElse("");
            } catch (RaucException e) {
                log("cannot read the written slot's version: " + e.getMessage());
            }
            if (!written.equals(activity.version())) {
                rejectVersion(written);
                return;
            }
        }
        if (restoreError.isPresent()) {
            fail(Status.UPDATE_FAILURE, "the bundle is written to " + activity.targetSlot() + ", but the boot order "
                    + "could not be put back to " + activity.originalSlot() + ": " + restoreError.get(), 100,
                    Texts.INSTALL_FAILED);
            return;
        }
        save(activity.in(Phase.INSTALLED));
        log("installed " + activity.version() + " into " + activity.targetSlot() + "; "
                + activity.originalSlot() + " stays first until ACTIVATE");
        sendUpdateSuccess();
    }

    private void rejectVersion(String bundleVersion) {
        String reason = Texts.VERSION_MISMATCH + " The bundle has version " + quoted(bundleVersion)
                + ", the desired state asks for " + quoted(activity.version()) + ".";
        fail(Status.UPDATE_FAILURE, reason, 0, Texts.REJECTED);
    }

    /** RAUC makes the slot it wrote the primary one; until ACTIVATE the booted slot has to stay first. */
    private Optional<String> restoreBootOrderQuietly() {
        try {
            rauc.markActive(activity.originalSlot());
            return Optional.empty();
        } catch (RaucException e) {
            log("cannot make " + activity.originalSlot() + " active again: " + e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    private void sendUpdateSuccess() {
        send(feedback(Status.UPDATE_SUCCESS, Texts.INSTALLED,
                action(ActionStatus.UPDATING, 100, Texts.PARTITION_WRITTEN)));
    }

    /** The agent was restarted while RAUC was installing: wait for RAUC, then read what it did. */
    private void recoverInstall() {
        try {
            if (rauc.installing()) {
                send(feedback(Status.UPDATING, Texts.PERFORMING, action(ActionStatus.UPDATING, 0, Texts.INSTALLING)));
                rauc.awaitIdle(settings.installTimeout());
            }
            Optional<SlotStatus> target = rauc.status().slot(activity.targetSlot());
            boolean written = target.isPresent() && target.get().installedCount() > activity.installedCountBefore()
                    && "ok".equals(target.get().installStatus())
                    && activity.version().equals(target.get().bundleVersion());
            if (written) {
                log("RAUC completed the install while the agent was down");
                finishInstall(new InstallOutcome(true, ""), activity.version(), 100);
            } else {
                restoreBootOrderQuietly();
                fail(Status.UPDATE_FAILURE, "Install interrupted: the agent was restarted during the install and "
                        + "RAUC did not complete it into " + activity.targetSlot() + ".", 0, Texts.INSTALL_FAILED);
            }
        } catch (RaucException e) {
            restoreBootOrderQuietly();
            fail(Status.UPDATE_FAILURE, "Install interrupted: the agent was restarted during the install and "
                    + "cannot read RAUC's result: " + e.getMessage(), 0, Texts.INSTALL_FAILED);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // ACTIVATE and the check after the reboot

    private void runActivate() {
        send(feedback(Status.ACTIVATING, Texts.ACTIVATING, action(ActionStatus.UPDATING, 0, Texts.ACTIVATING)));
        // journaled first: a restart in between makes the agent mark the slot active again (idempotent)
        save(activity.withActivationBootId(boot.current()).in(Phase.ACTIVATED));
        try {
            rauc.markActive(activity.targetSlot());
        } catch (RaucException e) {
            restoreBootOrderQuietly();
            fail(Status.ACTIVATION_FAILURE, Texts.ACTIVATION_FAILED + " " + e.getMessage(), 0);
            return;
        }
        log("activated " + activity.targetSlot() + "; a reboot is required");
        sendActivationSuccess();
    }

    private void sendActivationSuccess() {
        if (activity.reached() == Phase.VERIFIED) {
            String message = Texts.ACTIVATED + " The system booted from " + activity.targetSlot() + " with version "
                    + activity.version() + "; it is on trial until CLEANUP commits it.";
            send(feedback(Status.ACTIVATION_SUCCESS, message, action(ActionStatus.UPDATED, 0, message)));
        } else {
            String message = Texts.ACTIVATED + " A reboot is required to boot it from " + activity.targetSlot() + ".";
            send(feedback(Status.ACTIVATION_SUCCESS, message, action(ActionStatus.UPDATED, 0, message)));
        }
    }

    /** After a reboot: did the system boot the activated slot, with the desired version? */
    private void verifyBoot(String bootId) {
        SystemStatus system;
        try {
            system = rauc.status();
        } catch (RaucException e) {
            log("cannot check the booted slot after the reboot: " + e.getMessage());
            return;
        }
        Optional<SlotStatus> booted = system.booted();
        String bootedLabel = booted.map(SlotStatus::label).orElse("no slot");
        String target = system.slot(activity.targetSlot()).map(SlotStatus::label).orElse(activity.targetSlot());
        if (booted.isPresent() && booted.get().name().equals(activity.targetSlot())
                && booted.get().bundleVersion().equals(activity.version())) {
            save(activity.withActivationBootId(bootId).in(Phase.VERIFIED));
            log("verified: booted " + bootedLabel + " with version " + activity.version());
            sendActivationSuccess();
            if (activity.cleanupBeforeReboot()) {
                commit();
            }
            return;
        }
        String reason;
        if (booted.isPresent() && booted.get().name().equals(activity.targetSlot())) {
            reason = "the system booted from " + bootedLabel + ", but it reports version "
                    + quoted(booted.get().bundleVersion()) + " instead of " + quoted(activity.version()) + ".";
        } else {
            reason = target + " was activated, but the system booted from " + bootedLabel + ": the bootloader fell back.";
            booted.ifPresent(b -> {
                try {
                    // the bootloader may still point at the slot that failed; keep the working one first
                    rauc.markActive(b.name());
                } catch (RaucException e) {
                    log("cannot make " + b.name() + " active: " + e.getMessage());
                }
            });
        }
        save(activity.withActivationBootId(bootId));
        fail(Status.ACTIVATION_FAILURE, Texts.ACTIVATION_FAILED + " " + reason, 0);
        if (activity.cleanupBeforeReboot()) {
            abandon();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // CLEANUP

    private void cleanup() {
        switch (activity.phase()) {
            case FINISHED -> sendFinal();
            case VERIFIED -> commit();
            case ACTIVATED -> {
                // Leda's and Kanto's order: CLEANUP before the reboot (Kanto's update-manager reboots only after
                // COMPLETED). The activity stays open: after the reboot the agent checks the boot and then
                // commits the new slot, or gives it up, on its own, since no further command will come.
                downloader.discard(Path.of(activity.bundleFile()));
                save(activity.withCleanupBeforeReboot());
                ActionStatus ctx = ActionStatus.UPDATE_SUCCESS;
                send(feedback(Status.CLEANUP_SUCCESS, Texts.CLEANED, action(ctx, 0, Texts.ACTIVATED)));
                send(feedback(Status.COMPLETED, Texts.COMPLETE, action(ctx, 0, Texts.ACTIVATED)));
            }
            default -> abandon();
        }
    }

    private void commit() {
        try {
            rauc.markGood(activity.targetSlot());
        } catch (RaucException e) {
            String message = Texts.CLEANUP_FAILED + " Cannot mark " + activity.targetSlot() + " good: "
                    + e.getMessage();
            log(message);
            send(feedback(Status.CLEANUP_FAILURE, message, action(ActionStatus.UPDATE_SUCCESS, 0, message)));
            return;
        }
        downloader.discard(Path.of(activity.bundleFile()));
        save(activity.finished(Status.COMPLETED, Texts.COMPLETE));
        log("committed " + activity.targetSlot() + " (marked good)");
        sendFinal();
        publishCurrentState(activity.activityId());
    }

    /** CLEANUP after a failure or a rollback, or of an activity that never got as far as ACTIVATE. */
    private void abandon() {
        stopDownload();
        if (activity.phase() != Phase.ROLLED_BACK && touchedBootOrder(activity)) {
            Optional<String> error = restoreBootOrderQuietly();
            if (error.isPresent()) {
                String message = Texts.CLEANUP_FAILED + " Cannot make " + activity.originalSlot() + " active: "
                        + error.get();
                send(feedback(Status.CLEANUP_FAILURE, message, action(ActionStatus.UPDATE_FAILURE, 0, message)));
                return;
            }
        }
        downloader.discard(Path.of(activity.bundleFile()));
        String why;
        if (!activity.rollbackMessage().isEmpty()) {
            why = activity.rollbackMessage();
        } else if (activity.failure() != null) {
            why = activity.failureMessage();
        } else {
            why = "The update was cleaned up in status " + activity.currentStatus() + " before it was activated.";
        }
        save(activity.finished(Status.INCOMPLETE, why));
        log("cleaned up; incomplete: " + why);
        sendFinal();
        publishCurrentState(activity.activityId());
    }

    private void sendFinal() {
        if (activity.finalStatus() == Status.COMPLETED) {
            if (activity.reached() == Phase.IDENTIFIED) {
                send(feedback(Status.COMPLETED, Texts.SKIPPED));
                return;
            }
            Action ctx = action(ActionStatus.UPDATE_SUCCESS, 0, Texts.ACTIVATED);
            send(feedback(Status.CLEANUP_SUCCESS, Texts.CLEANED, ctx));
            send(feedback(Status.COMPLETED, Texts.COMPLETE, ctx));
        } else {
            Action ctx = action(failureAction(activity), 0, activity.finalMessage());
            send(feedback(Status.CLEANUP_SUCCESS, Texts.CLEANED, ctx));
            send(feedback(Status.INCOMPLETE, Texts.INCOMPLETE, ctx));
        }
    }

    private static ActionStatus failureAction(SelfUpdateActivity activity) {
        return activity.failure() == Status.DOWNLOAD_FAILURE ? ActionStatus.DOWNLOAD_FAILURE
                : ActionStatus.UPDATE_FAILURE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // ROLLBACK

    private void rollback() {
        if (activity.phase() == Phase.ROLLED_BACK) {
            sendRollbackSuccess();
            return;
        }
        if (activity.phase() == Phase.FINISHED) {
            if (!activity.rollbackMessage().isEmpty()) {
                sendRollbackSuccess();
            } else {
                refuse(activity.activityId(), Command.ROLLBACK, Status.ROLLBACK_FAILURE,
                        "the activity is already finished with " + activity.currentStatus());
            }
            return;
        }
        send(feedback(Status.ROLLBACK, Texts.ROLLING_BACK));
        stopDownload();
        String original = activity.originalSlot();
        try {
            SystemStatus system = rauc.status();
            String label = system.slot(original).map(SlotStatus::label).orElse(original);
            if (touchedBootOrder(activity)) {
                rauc.markActive(original);
            }
            String bootedNow = system.booted().map(SlotStatus::name).orElse("");
            String message;
            if (!bootedNow.equals(original)) {
                message = Texts.ROLLED_BACK + " " + label + " is the active slot again; a reboot is required to "
                        + "finish the rollback.";
            } else if (activity.reached().passed(Phase.ACTIVATED)) {
                message = Texts.ROLLED_BACK + " " + label + " is the active slot again.";
            } else {
                message = Texts.ROLLED_BACK + " " + label + " stays the active slot.";
            }
            save(activity.rolledBack(message));
            log("rolled back: " + message);
            sendRollbackSuccess();
        } catch (RaucException e) {
            fail(Status.ROLLBACK_FAILURE, Texts.ROLLBACK_FAILED + " " + e.getMessage(), 0);
        }
    }

    private void sendRollbackSuccess() {
        String message = activity.rollbackMessage();
        send(feedback(Status.ROLLBACK_SUCCESS, message, action(ActionStatus.UPDATE_FAILURE, 0, message)));
    }

    /** Whether RAUC or ACTIVATE may have changed the boot order. */
    private static boolean touchedBootOrder(SelfUpdateActivity activity) {
        return activity.reached().passed(Phase.INSTALLED) || activity.failure() == Status.UPDATE_FAILURE
                || activity.failure() == Status.ROLLBACK_FAILURE || activity.phase() == Phase.INSTALLING;
    }

    // ---------------------------------------------------------------------------------------------------------
    // restart

    private void resume() {
        switch (activity.phase()) {
            case DOWNLOADING -> runDownload();
            case INSTALLING -> recoverInstall();
            case ACTIVATED, VERIFIED -> {
                String bootId = boot.current();
                if (!bootId.equals(activity.activationBootId())) {
                    verifyBoot(bootId);
                } else {
                    if (activity.phase() == Phase.ACTIVATED) {
                        try {
                            rauc.markActive(activity.targetSlot());
                        } catch (RaucException e) {
                            log("cannot mark " + activity.targetSlot() + " active again: " + e.getMessage());
                        }
                    }
                    sendActivationSuccess();
                }
            }
            default -> republish();
        }
    }

    /** Sends the status the activity is in, again. */
    private void republish() {
        switch (activity.phase()) {
            case IDENTIFIED -> send(feedback(Status.IDENTIFIED, Texts.IDENTIFIED,
                    action(ActionStatus.IDENTIFIED, 0, Texts.IDENTIFIED)));
            case DOWNLOADING -> send(feedback(Status.DOWNLOADING, Texts.PERFORMING,
                    action(ActionStatus.DOWNLOADING, 0, Texts.downloading(0))));
            case DOWNLOADED -> sendDownloadSuccess();
            case INSTALLING -> send(feedback(Status.UPDATING, Texts.PERFORMING,
                    action(ActionStatus.UPDATING, 0, Texts.INSTALLING)));
            case INSTALLED -> sendUpdateSuccess();
            case ACTIVATED, VERIFIED -> sendActivationSuccess();
            case FAILED -> sendFailure();
            case ROLLED_BACK -> sendRollbackSuccess();
            case FINISHED -> sendFinal();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // failures

    private void fail(Status status, String reason, int progress) {
        fail(status, reason, progress, switch (status) {
            case DOWNLOAD_FAILURE -> Texts.DOWNLOAD_FAILED;
            case UPDATE_FAILURE -> Texts.INSTALL_FAILED;
            case ACTIVATION_FAILURE -> Texts.ACTIVATION_FAILED;
            case ROLLBACK_FAILURE -> Texts.ROLLBACK_FAILED;
            default -> reason;
        });
    }

    private void fail(Status status, String reason, int progress, String headline) {
        save(activity.failed(status, reason));
        log(status + ": " + reason);
        send(feedback(status, headline, action(actionStatusOf(status), progress, reason)));
    }

    private void sendFailure() {
        Status status = activity.failure() == null ? Status.INCOMPLETE : activity.failure();
        String headline = switch (status) {
            case DOWNLOAD_FAILURE -> Texts.DOWNLOAD_FAILED;
            case UPDATE_FAILURE -> activity.failureMessage().startsWith(Texts.VERSION_MISMATCH) ? Texts.REJECTED
                    : Texts.INSTALL_FAILED;
            case ACTIVATION_FAILURE -> Texts.ACTIVATION_FAILED;
            case ROLLBACK_FAILURE -> Texts.ROLLBACK_FAILED;
            default -> activity.failureMessage();
        };
        send(feedback(status, headline, action(actionStatusOf(status), 0, activity.failureMessage())));
    }

    private static ActionStatus actionStatusOf(Status failure) {
        return failure == Status.DOWNLOAD_FAILURE ? ActionStatus.DOWNLOAD_FAILURE : ActionStatus.UPDATE_FAILURE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // current state

    private void publishCurrentState(String activityId) {
        Inventory inventory;
        try {
            inventory = OsInventory.of(settings.agentVersion(), rauc.status());
        } catch (RaucException e) {
            log("current state without slots: " + e.getMessage());
            inventory = OsInventory.withoutSlots(settings.agentVersion(), "cannot read the slots from RAUC: "
                    + e.getMessage());
        }
        out.currentState(activityId, inventory);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private Path bundleFile(String activityId, String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((activityId + "\n" + url).getBytes(StandardCharsets.UTF_8));
            return settings.dataDirectory().resolve("os-image-" + HexFormat.of().formatHex(digest, 0, 8) + ".raucb");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Action action(ActionStatus status, int progress, String message) {
        String version = activity == null ? "" : activity.version();
        return new Action(new ComponentRef(OS_NODE, version), status, progress, message);
    }

    private static DesiredStateFeedback feedback(Status status, String message, Action... actions) {
        return DesiredStateFeedback.of(status, message, List.of(actions));
    }

    private void send(DesiredStateFeedback feedback) {
        send(activity.activityId(), feedback);
    }

    private void send(String activityId, DesiredStateFeedback feedback) {
        out.feedback(activityId, feedback);
    }

    private void save(SelfUpdateActivity next) {
        journal.save(next);
        activity = next;
    }

    private void log(String message) {
        LOG.log(System.Logger.Level.INFO, "[" + (activity == null ? "-" : activity.activityId()) + "] " + message);
    }

    private static String quoted(String value) {
        return "'" + value + "'";
    }
}

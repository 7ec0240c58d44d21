package org.vehicleupdate.selfupdate.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * UPDATE: checks the downloaded bundle against the SHA-256 the desired state pins (before RAUC reads it), writes
 * it into the target slot with RAUC, checks that it is the desired version,
 * and puts the boot order back to the booted slot (RAUC activates what it wrote; until ACTIVATE the booted slot
 * must stay first). After a restart in the middle it reads RAUC's result instead.
 */
final class BundleInstall {
    private static final System.Logger LOG = System.getLogger(BundleInstall.class.getName());

    private final Rauc rauc;
    private final BundleDigest digest;
    private final Duration installTimeout;

    BundleInstall(Rauc rauc, BundleDigest digest, Duration installTimeout) {
        this.rauc = rauc;
        this.digest = digest;
        this.installTimeout = installTimeout;
    }

    /** How UPDATE ended. */
    sealed interface Result {
    }

    record Installed() implements Result {
    }

    /** The reason is the action's message; progress is how far RAUC got. */
    record Failed(String reason, int progress) implements Result {
    }

    /** Hears how the install goes. */
    interface Listener {
        /** RAUC is about to write the slot, which it has written this many times before: journal it now. */
        void installing(long installedCountBefore);

        void progress(int percent);
    }

    Result install(SelfUpdateActivity activity, Listener listener) {
        Path bundle = Path.of(activity.request().bundleFile());
        if (!Files.isRegularFile(bundle)) {
            return new Failed("the downloaded bundle " + bundle + " is gone; a new desired state has to download it "
                    + "again", 0);
        }
        Optional<Failed> notPinned = checkPin(activity, bundle);
        if (notPinned.isPresent()) {
            return notPinned.get();
        }
        // Info verifies the signature too; when it fails, RAUC's install gives the precise reason (it checks
        // the signature before it writes anything), so the install goes ahead and the version is checked after
        String bundleVersion = "";
        try {
            bundleVersion = rauc.bundleVersion(bundle);
        } catch (RaucException e) {
            log(activity, "RAUC cannot read the bundle's version (" + e.getMessage() + "); the install will say why");
        }
        if (!bundleVersion.isEmpty() && !bundleVersion.equals(activity.version())) {
            return versionMismatch(activity, bundleVersion);
        }
        String target = activity.request().targetSlot();
        long countBefore;
        try {
            countBefore = rauc.status().slot(target).map(SlotStatus::installedCount).orElse(0L);
        } catch (RaucException e) {
            return new Failed("cannot read the slots from RAUC: " + e.getMessage(), 0);
        }
        listener.installing(countBefore);
        int[] lastPercent = {0};
        InstallOutcome outcome;
        try {
            outcome = rauc.install(bundle, (percent, step) -> {
                lastPercent[0] = Math.max(0, Math.min(100, percent));
                listener.progress(lastPercent[0]);
            });
        } catch (RaucException e) {
            restoreBootOrder(activity);
            return new Failed(e.getMessage(), lastPercent[0]);
        }
        return finish(activity, outcome, bundleVersion, lastPercent[0]);
    }

    /**
     * The agent was restarted while RAUC was installing: waits for RAUC, then reads what it did.
     *
     * @param waiting runs when RAUC still installs, before the wait
     */
    Result recover(SelfUpdateActivity activity, Runnable waiting) {
        String target = activity.request().targetSlot();
        try {
            if (rauc.installing()) {
                waiting.run();
                rauc.awaitIdle(installTimeout);
            }
            Optional<SlotStatus> slot = rauc.status().slot(target);
            boolean written = slot.isPresent() && slot.get().installedCount() > activity.facts().installedCountBefore()
                    && "ok".equals(slot.get().installStatus()) && activity.version().equals(slot.get().bundleVersion());
            if (written) {
                log(activity, "RAUC completed the install while the agent was down");
                return finish(activity, new InstallOutcome(true, ""), activity.version(), 100);
            }
            restoreBootOrder(activity);
            return new Failed("Install interrupted: the agent was restarted during the install and RAUC did not "
                    + "complete it into " + target + ".", 0);
        } catch (RaucException e) {
            restoreBootOrder(activity);
            return new Failed("Install interrupted: the agent was restarted during the install and cannot read "
                    + "RAUC's result: " + e.getMessage(), 0);
        }
    }

    /** Makes the activity's original slot boot next again; the error, if RAUC refuses. */
    Optional<String> restoreBootOrder(SelfUpdateActivity activity) {
        String original = activity.request().originalSlot();
        try {
            rauc.markActive(original);
            return Optional.empty();
        } catch (RaucException e) {
            log(activity, "cannot make " + original + " active again: " + e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    private Result finish(SelfUpdateActivity activity, InstallOutcome outcome, String checkedVersion, int percent) {
        Optional<String> restoreError = restoreBootOrder(activity);
        if (!outcome.success()) {
            return new Failed(outcome.lastError().isEmpty() ? Texts.PARTITION_FAILED : outcome.lastError(), percent);
        }
        String target = activity.request().targetSlot();
        if (checkedVersion.isEmpty()) {
            String written = "";
            try {
                written = rauc.status().slot(target).map(SlotStatus::bundleVersion).orElse("");
            } catch (RaucException e) {
                log(activity, "cannot read the written slot's version: " + e.getMessage());
            }
            if (!written.equals(activity.version())) {
                return versionMismatch(activity, written);
            }
        }
        if (restoreError.isPresent()) {
            return new Failed("the bundle is written to " + target + ", but the boot order could not be put back to "
                    + activity.request().originalSlot() + ": " + restoreError.get(), 100);
        }
        return new Installed();
    }

    /**
     * The bundle must have the digest the desired state pins: RAUC then never reads a bundle the signed desired
     * state did not name, on top of its own check of the bundle's signature.
     */
    private Optional<Failed> checkPin(SelfUpdateActivity activity, Path bundle) {
        UpdateRequest request = activity.request();
        if (!request.pinned()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        String actual;
        try {
            actual = digest.sha256(bundle);
        } catch (IOException e) {
            return Optional.of(new Failed("cannot read the downloaded bundle " + bundle + " to check its SHA-256: "
                    + e.getMessage(), 0));
        }
        if (!actual.equals(request.bundleSha256())) {
            return Optional.of(new Failed(Texts.DIGEST_MISMATCH + " The bundle has SHA-256 '" + actual
                    + "', the desired state pins '" + request.bundleSha256() + "'.", 0));
        }
        log(activity, "the bundle has the pinned SHA-256 " + actual + " (checked in "
                + (System.nanoTime() - start) / 1_000_000 + " ms)");
        return Optional.empty();
    }

    private static Failed versionMismatch(SelfUpdateActivity activity, String bundleVersion) {
        return new Failed(Texts.VERSION_MISMATCH + " The bundle has version '" + bundleVersion + "', the desired "
                + "state asks for '" + activity.version() + "'.", 0);
    }

    private static void log(SelfUpdateActivity activity, String message) {
        LOG.log(System.Logger.Level.INFO, "[" + activity.activityId() + "] " + message);
    }
}

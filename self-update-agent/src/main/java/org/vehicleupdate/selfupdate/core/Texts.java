package org.vehicleupdate.selfupdate.core;

import java.util.Locale;

/** The texts of Leda's self-update agent, word for word, so that tools written for it keep working. */
final class Texts {
    static final String IDENTIFYING = "Self-update agent has received new desired state request and is evaluating it.";
    static final String IDENTIFIED = "Self-update agent is about to perform an OS image update.";
    static final String SKIPPED = "Current OS image is equal to the target one from desired state.";
    static final String REJECTED = "Update rejected.";
    static final String VERSION_MISMATCH = "Bundle version does not match version in desired state request.";
    // not in Leda, which had no pinned digest; worded as its version check
    static final String DIGEST_MISMATCH = "Bundle digest does not match the SHA-256 in desired state request.";
    static final String PERFORMING = "Self-update agent is performing an OS image update.";
    static final String DOWNLOAD_FAILED = "Download failed.";
    static final String VERSION_CHECKING = "Checking bundle version and version in desired state request.";
    static final String INSTALLING = "RAUC install...";
    static final String INSTALLED = "Self-update completed, reboot required.";
    static final String PARTITION_WRITTEN = "Writing partition completed, reboot required.";
    static final String INSTALL_FAILED = "Install failed.";
    static final String PARTITION_FAILED = "Writing partition failed.";
    static final String ACTIVATING = "Self-update agent is performing an OS image activation.";
    static final String ACTIVATED = "Self-update agent has activated the new OS image.";
    static final String ACTIVATION_FAILED = "Self-update agent has failed to activate the new OS image.";
    static final String CLEANED = "Self-update agent has cleaned up after itself.";
    static final String COMPLETE = "Self-update completed.";
    static final String INCOMPLETE = "Self-update incomplete.";
    // not in Leda, which had no rollback feedback
    static final String ROLLING_BACK = "Self-update agent is rolling back the OS image update.";
    static final String ROLLED_BACK = "Self-update agent has rolled back the OS image update.";
    static final String ROLLBACK_FAILED = "Self-update agent has failed to roll back the OS image update.";
    static final String CLEANUP_FAILED = "Self-update agent has failed to clean up after itself.";

    private Texts() {
    }

    static String downloading(long bytes) {
        return String.format(Locale.ROOT, "Downloading %.1f MiB...", mib(bytes));
    }

    static String downloaded(long bytes) {
        return String.format(Locale.ROOT, "Downloaded %.1f MiB...", mib(bytes));
    }

    static double mib(long bytes) {
        return Math.max(0, bytes) / 1024.0 / 1024.0;
    }
}

package org.vehicleupdate.selfupdate.core;

/**
 * What the steps learnt that the agent needs after a restart.
 *
 * @param bundleBytes          the bundle's size once downloaded
 * @param installedCountBefore RAUC's install counter of the target slot before UPDATE: after a restart it tells
 *                             whether the install completed
 * @param activationBootId     the boot in which ACTIVATE happened, to recognise the reboot
 * @param cleanupBeforeReboot  CLEANUP came between ACTIVATE and the reboot (Leda's and Kanto's order): the agent
 *                             commits or gives up on its own once it has checked the boot
 */
public record StepFacts(long bundleBytes, long installedCountBefore, String activationBootId,
        boolean cleanupBeforeReboot) {
    public static final StepFacts NONE = new StepFacts(0, 0, "", false);

    public StepFacts {
        activationBootId = UpdateRequest.text(activationBootId);
    }

    StepFacts withBundleBytes(long bytes) {
        return new StepFacts(bytes, installedCountBefore, activationBootId, cleanupBeforeReboot);
    }

    StepFacts withInstalledCountBefore(long count) {
        return new StepFacts(bundleBytes, count, activationBootId, cleanupBeforeReboot);
    }

    StepFacts withActivationBootId(String bootId) {
        return new StepFacts(bundleBytes, installedCountBefore, bootId, cleanupBeforeReboot);
    }

    StepFacts withCleanupBeforeReboot() {
        return new StepFacts(bundleBytes, installedCountBefore, activationBootId, true);
    }
}

package org.vehicleupdate.selfupdate.core;

import org.vehicleupdate.messages.Status;

/**
 * The journal of one update: everything the agent needs to carry on after a restart or a power loss.
 *
 * @param activityId           the activity's id, used on every feedback
 * @param version              the desired OS version
 * @param bundleUrl            where the bundle comes from
 * @param phase                where the activity stands
 * @param reached              the furthest successful phase ({@code IDENTIFIED} .. {@code VERIFIED})
 * @param failure              the failure status of the phase that failed, or null
 * @param failureMessage       why it failed
 * @param originalSlot         the slot that was booted at identification (the working slot)
 * @param targetSlot           the slot the update is written to
 * @param bundleFile           the bundle in the data directory
 * @param bundleBytes          its size once downloaded
 * @param installedCountBefore RAUC's install counter of the target slot before UPDATE, to recognise after a
 *                             restart whether the install completed
 * @param activationBootId     the boot in which ACTIVATE happened, to recognise the reboot
 * @param rollbackMessage      what the rollback did, empty if there was none
 * @param finalStatus          COMPLETED or INCOMPLETE once finished, otherwise null
 * @param finalMessage         the message of the final status
 * @param cleanupBeforeReboot  CLEANUP came between ACTIVATE and the reboot (Leda's and Kanto's order): the
 *                             agent commits or gives up on its own once it has checked the boot
 */
public record SelfUpdateActivity(String activityId, String version, String bundleUrl, Phase phase, Phase reached,
        Status failure, String failureMessage, String originalSlot, String targetSlot, String bundleFile,
        long bundleBytes, long installedCountBefore, String activationBootId, String rollbackMessage,
        Status finalStatus, String finalMessage, boolean cleanupBeforeReboot) {

    public SelfUpdateActivity {
        activityId = text(activityId);
        version = text(version);
        bundleUrl = text(bundleUrl);
        if (phase == null || reached == null) {
            throw new IllegalArgumentException("an activity needs its phase");
        }
        failureMessage = text(failureMessage);
        originalSlot = text(originalSlot);
        targetSlot = text(targetSlot);
        bundleFile = text(bundleFile);
        activationBootId = text(activationBootId);
        rollbackMessage = text(rollbackMessage);
        finalMessage = text(finalMessage);
    }

    public static SelfUpdateActivity identified(String activityId, String version, String bundleUrl,
            String originalSlot, String targetSlot, String bundleFile) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, Phase.IDENTIFIED, Phase.IDENTIFIED, null, "",
                originalSlot, targetSlot, bundleFile, 0, 0, "", "", null, "", false);
    }

    /** A desired state that needed nothing: finished as soon as it was identified. */
    public static SelfUpdateActivity nothingToDo(String activityId, String version, String message) {
        return new SelfUpdateActivity(activityId, version, "", Phase.FINISHED, Phase.IDENTIFIED, null, "", "", "",
                "", 0, 0, "", "", Status.COMPLETED, message, false);
    }

    public SelfUpdateActivity in(Phase next) {
        Phase furthest = switch (next) {
            case IDENTIFIED, DOWNLOADED, INSTALLED, ACTIVATED, VERIFIED -> next.passed(reached) ? next : reached;
            default -> reached;
        };
        return new SelfUpdateActivity(activityId, version, bundleUrl, next, furthest, failure, failureMessage,
                originalSlot, targetSlot, bundleFile, bundleBytes, installedCountBefore, activationBootId,
                rollbackMessage, finalStatus, finalMessage, cleanupBeforeReboot);
    }

    public SelfUpdateActivity failed(Status status, String message) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, Phase.FAILED, reached, status, message,
                originalSlot, targetSlot, bundleFile, bundleBytes, installedCountBefore, activationBootId,
                rollbackMessage, finalStatus, finalMessage, cleanupBeforeReboot);
    }

    public SelfUpdateActivity withBundleBytes(long bytes) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, phase, reached, failure, failureMessage,
                originalSlot, targetSlot, bundleFile, bytes, installedCountBefore, activationBootId, rollbackMessage,
                finalStatus, finalMessage, cleanupBeforeReboot);
    }

    public SelfUpdateActivity withInstalledCountBefore(long count) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, phase, reached, failure, failureMessage,
                originalSlot, targetSlot, bundleFile, bundleBytes, count, activationBootId, rollbackMessage,
                finalStatus, finalMessage, cleanupBeforeReboot);
    }

    public SelfUpdateActivity withActivationBootId(String bootId) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, phase, reached, failure, failureMessage,
                originalSlot, targetSlot, bundleFile, bundleBytes, installedCountBefore, bootId, rollbackMessage,
                finalStatus, finalMessage, cleanupBeforeReboot);
    }

    public SelfUpdateActivity rolledBack(String message) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, Phase.ROLLED_BACK, reached, failure,
                failureMessage, originalSlot, targetSlot, bundleFile, bundleBytes, installedCountBefore,
                activationBootId, message, finalStatus, finalMessage, cleanupBeforeReboot);
    }

    public SelfUpdateActivity finished(Status status, String message) {
        return new SelfUpdateActivity(activityId, version, bundleUrl, Phase.FINISHED, reached, failure,
                failureMessage, originalSlot, targetSlot, bundleFile, bundleBytes, installedCountBefore,
                activationBootId, rollbackMessage, status, message, cleanupBeforeReboot);
    }

    public SelfUpdateActivity withCleanupBeforeReboot() {
        return new SelfUpdateActivity(activityId, version, bundleUrl, phase, reached, failure, failureMessage,
                originalSlot, targetSlot, bundleFile, bundleBytes, installedCountBefore, activationBootId,
                rollbackMessage, finalStatus, finalMessage, true);
    }

    /** The status a person would say this activity is in. */
    public Status currentStatus() {
        return switch (phase) {
            case FAILED -> failure == null ? Status.INCOMPLETE : failure;
            case FINISHED -> finalStatus == null ? Status.COMPLETED : finalStatus;
            default -> phase.reported();
        };
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}

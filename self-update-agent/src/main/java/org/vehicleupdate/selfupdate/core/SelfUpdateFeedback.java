package org.vehicleupdate.selfupdate.core;

import java.util.List;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

/**
 * Every feedback the self-update agent sends, with Leda's texts: the payload status and message, and the one
 * action of the OS image ({@code self-update:os-image} at the desired version).
 */
final class SelfUpdateFeedback {
    private SelfUpdateFeedback() {
    }

    static DesiredStateFeedback identified(String version) {
        return feedback(Status.IDENTIFIED, Texts.IDENTIFIED, action(version, ActionStatus.IDENTIFIED, 0,
                Texts.IDENTIFIED));
    }

    /** The desired version runs already: IDENTIFIED without actions, then COMPLETED. */
    static List<DesiredStateFeedback> nothingToDo() {
        return List.of(feedback(Status.IDENTIFIED, Texts.IDENTIFIED), feedback(Status.COMPLETED, Texts.SKIPPED));
    }

    static DesiredStateFeedback identificationFailed(String reason) {
        return feedback(Status.IDENTIFICATION_FAILED, reason);
    }

    static DesiredStateFeedback downloading(String version, int percent, long bytes) {
        return feedback(Status.DOWNLOADING, Texts.PERFORMING, action(version, ActionStatus.DOWNLOADING, percent,
                Texts.downloading(bytes)));
    }

    static DesiredStateFeedback downloaded(String version, long bytes) {
        return feedback(Status.DOWNLOAD_SUCCESS, Texts.PERFORMING, action(version, ActionStatus.DOWNLOAD_SUCCESS, 100,
                Texts.downloaded(bytes)));
    }

    static DesiredStateFeedback checkingVersion(String version) {
        return feedback(Status.UPDATING, Texts.PERFORMING, action(version, ActionStatus.UPDATING, 0,
                Texts.VERSION_CHECKING));
    }

    static DesiredStateFeedback installing(String version, int percent) {
        return feedback(Status.UPDATING, Texts.PERFORMING, action(version, ActionStatus.UPDATING, percent,
                Texts.INSTALLING));
    }

    static DesiredStateFeedback installed(String version) {
        return feedback(Status.UPDATE_SUCCESS, Texts.INSTALLED, action(version, ActionStatus.UPDATING, 100,
                Texts.PARTITION_WRITTEN));
    }

    static DesiredStateFeedback activating(String version) {
        return feedback(Status.ACTIVATING, Texts.ACTIVATING, action(version, ActionStatus.UPDATING, 0,
                Texts.ACTIVATING));
    }

    /** Before the reboot: a reboot is required; after it: the new slot runs, on trial until CLEANUP. */
    static DesiredStateFeedback activated(SelfUpdateActivity activity) {
        String target = activity.request().targetSlot();
        String message = activity.reached() == ActivityState.VERIFIED
                ? Texts.ACTIVATED + " The system booted from " + target + " with version " + activity.version()
                        + "; it is on trial until CLEANUP commits it."
                : Texts.ACTIVATED + " A reboot is required to boot it from " + target + ".";
        return feedback(Status.ACTIVATION_SUCCESS, message, action(activity.version(), ActionStatus.UPDATED, 0,
                message));
    }

    /** A phase failed: its failure status with Leda's headline, and the reason in the action. */
    static DesiredStateFeedback failed(String version, Outcome failure, int progress) {
        String headline = switch (failure.status()) {
            case DOWNLOAD_FAILURE -> Texts.DOWNLOAD_FAILED;
            case UPDATE_FAILURE -> failure.message().startsWith(Texts.VERSION_MISMATCH)
                    || failure.message().startsWith(Texts.DIGEST_MISMATCH) ? Texts.REJECTED : Texts.INSTALL_FAILED;
            case ACTIVATION_FAILURE -> Texts.ACTIVATION_FAILED;
            case ROLLBACK_FAILURE -> Texts.ROLLBACK_FAILED;
            default -> failure.message();
        };
        return feedback(failure.status(), headline, action(version, failureAction(failure.status()), progress,
                failure.message()));
    }

    static DesiredStateFeedback cleanupFailed(String version, ActionStatus context, String message) {
        return feedback(Status.CLEANUP_FAILURE, message, action(version, context, 0, message));
    }

    /** CLEANUP between ACTIVATE and the reboot, as Leda answers it; the boot is checked after the reboot. */
    static List<DesiredStateFeedback> completedBeforeReboot(String version) {
        Action context = action(version, ActionStatus.UPDATE_SUCCESS, 0, Texts.ACTIVATED);
        return List.of(feedback(Status.CLEANUP_SUCCESS, Texts.CLEANED, context),
                feedback(Status.COMPLETED, Texts.COMPLETE, context));
    }

    /** The end: CLEANUP_SUCCESS and COMPLETED or INCOMPLETE (only COMPLETED when there was nothing to do). */
    static List<DesiredStateFeedback> finished(SelfUpdateActivity activity) {
        Outcome end = activity.standing().end().orElse(new Outcome(Status.COMPLETED, ""));
        if (end.status() == Status.COMPLETED) {
            if (activity.reached() == ActivityState.IDENTIFIED) {
                return List.of(feedback(Status.COMPLETED, Texts.SKIPPED));
            }
            return completedBeforeReboot(activity.version());
        }
        boolean download = activity.standing().failedWith(Status.DOWNLOAD_FAILURE);
        Action context = action(activity.version(), download ? ActionStatus.DOWNLOAD_FAILURE
                : ActionStatus.UPDATE_FAILURE, 0, end.message());
        return List.of(feedback(Status.CLEANUP_SUCCESS, Texts.CLEANED, context),
                feedback(Status.INCOMPLETE, Texts.INCOMPLETE, context));
    }

    static DesiredStateFeedback rollingBack() {
        return feedback(Status.ROLLBACK, Texts.ROLLING_BACK);
    }

    static DesiredStateFeedback rolledBack(SelfUpdateActivity activity) {
        String message = activity.standing().rollbackMessage();
        return feedback(Status.ROLLBACK_SUCCESS, message, action(activity.version(), ActionStatus.UPDATE_FAILURE, 0,
                message));
    }

    /** Where the activity stands, as it was last reported: the answer to a repeated desired state. */
    static List<DesiredStateFeedback> standing(SelfUpdateActivity activity) {
        String version = activity.version();
        return switch (activity.state()) {
            case IDENTIFIED -> List.of(identified(version));
            case DOWNLOADING -> List.of(downloading(version, 0, 0));
            case DOWNLOADED -> List.of(downloaded(version, activity.facts().bundleBytes()));
            case INSTALLING -> List.of(installing(version, 0));
            case INSTALLED -> List.of(installed(version));
            case ACTIVATED, VERIFIED -> List.of(activated(activity));
            case FAILED -> List.of(failed(version, activity.standing().failure()
                    .orElse(new Outcome(Status.INCOMPLETE, "")), 0));
            case ROLLED_BACK -> List.of(rolledBack(activity));
            case FINISHED -> finished(activity);
        };
    }

    private static ActionStatus failureAction(Status failure) {
        return failure == Status.DOWNLOAD_FAILURE ? ActionStatus.DOWNLOAD_FAILURE : ActionStatus.UPDATE_FAILURE;
    }

    private static Action action(String version, ActionStatus status, int progress, String message) {
        return new Action(new ComponentRef(SelfUpdateAgent.OS_NODE, version), status, progress, message);
    }

    private static DesiredStateFeedback feedback(Status status, String message, Action... actions) {
        return DesiredStateFeedback.of(status, message, List.of(actions));
    }
}

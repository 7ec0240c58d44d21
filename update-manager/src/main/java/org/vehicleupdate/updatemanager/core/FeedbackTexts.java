package org.vehicleupdate.updatemanager.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.vehicleupdate.kit.time.GoDuration;

/** The words of the overall feedback: every message the manager reports about an activity is made here. */
public final class FeedbackTexts {
    private FeedbackTexts() {
    }

    /** Names the domains that were left out, or empty. */
    public static String warning(ActivityPlan plan) {
        return plan.skipped().isEmpty() ? ""
                : "skipped domains without an update agent: " + String.join(", ", plan.skipped());
    }

    public static String noSupportedDomain(List<String> skipped) {
        return "the desired state manifest does not contain any supported domain"
                + (skipped.isEmpty() ? "" : " (no update agent for " + String.join(", ", skipped) + ")");
    }

    public static String anotherActivity(String runningId) {
        return "Another update activity in progress - " + runningId;
    }

    public static String invalid(String reason) {
        return "invalid desired state: " + reason;
    }

    public static String cannotJournal(String problem) {
        return "the update-manager cannot write its journal: " + problem;
    }

    /** {@code [containers]: image missing; [self-update]: ...} */
    public static String identificationFailed(List<DomainProgress> failed) {
        return failed.stream().map(d -> "[" + d.domain() + "]: " + d.failure().map(Failure::reason).orElse(""))
                .collect(Collectors.joining("; "));
    }

    public static String identificationTimeout(Duration timeout, List<String> silent) {
        return "identification did not finish within " + GoDuration.format(timeout) + ": no answer from "
                + String.join(", ", silent);
    }

    /** {@code domain 'containers' failed in UPDATE (UPDATE_FAILURE: disk full)} */
    public static String domainFailed(String domain, Failure failure) {
        return "domain '" + domain + "' failed in " + failure.phase() + " (" + failure.status()
                + (failure.reason().isEmpty() ? "" : ": " + failure.reason()) + ")";
    }

    public static String phaseTimeout(List<String> silent, OrchestrationPhase phase, Duration timeout) {
        return "no answer from " + String.join(", ", silent) + " in phase " + phase + " within "
                + GoDuration.format(timeout);
    }

    public static String silentDomain(Duration timeout) {
        return "no answer within " + GoDuration.format(timeout);
    }

    public static String rebootNotice(Duration after) {
        return "All domains activated; the vehicle will reboot in " + GoDuration.format(after)
                + " to finish the update";
    }

    public static String rebootDisabledNotice() {
        return "reboot required, automatic reboot disabled: the update continues after the next restart of the"
                + " vehicle";
    }

    public static String verifying() {
        return "verifying the activation after the reboot";
    }

    public static String rebootFailed(String problem) {
        return "the reboot to finish the activation failed: " + problem;
    }

    public static String noRestart(Duration timeout) {
        return "the vehicle did not restart within " + GoDuration.format(timeout) + " of the reboot command";
    }

    /** While the vehicle reboots back: what happened so far, and that the previous version comes back. */
    public static String rollbackRebootNotice(Activity activity, List<String> domains, Duration after,
            boolean rebootEnabled) {
        String then = rebootEnabled
                ? "the vehicle will reboot in " + GoDuration.format(after) + " to boot the previous version of "
                        + String.join(", ", domains)
                : "reboot required to boot the previous version of " + String.join(", ", domains)
                        + ", automatic reboot disabled: the update ends after the next restart of the vehicle";
        return summary(activity) + "; " + then;
    }

    public static String verifyingPreviousVersion() {
        return "verifying that the previous version booted after the rollback";
    }

    public static String rollbackRebootFailed(String problem) {
        return "the reboot into the previous version failed: " + problem;
    }

    public static String noRestartIntoPreviousVersion(Duration timeout) {
        return "the vehicle did not restart within " + GoDuration.format(timeout) + " of the reboot command that"
                + " was to boot the previous version";
    }

    /** {@code after the reboot into the previous version self-update runs os-image 3.0 (expected 2.0)} */
    public static String previousVersionNotBooted(String domain, String what) {
        return "after the reboot into the previous version " + domain + " runs " + what;
    }

    public static String consentRefused() {
        return "owner approval not granted";
    }

    public static String consentTimedOut(Duration timeout) {
        return "owner consent not granted in " + GoDuration.format(timeout);
    }

    /** Whether the activity ends INCOMPLETE: a failure, a failed rollback or a failed clean-up. */
    public static boolean incomplete(ActivityProgress progress) {
        return !progress.failures().isEmpty() || progress.domains().stream().anyMatch(d -> d.failure().isPresent()
                || d.state() == DomainState.ROLLBACK_FAILED || d.cleanup() == CleanupState.FAILED);
    }

    /**
     * The final message of an INCOMPLETE activity: every failure once, in the order it happened (a domain fails
     * once, so each failed domain is named once), then what was rolled back, what could not be, and what was not
     * cleaned up.
     */
    public static String incompleteMessage(Activity activity) {
        return "the update process is incompleted: " + summary(activity);
    }

    private static String summary(Activity activity) {
        ActivityProgress progress = activity.progress();
        StringBuilder text = new StringBuilder(String.join("; ", progress.failures()));
        appendList(text, "; rolled back: ", progress, DomainProgress::rolledBack);
        appendList(text, "; rollback failed: ", progress, d -> d.state() == DomainState.ROLLBACK_FAILED);
        appendList(text, "; back on the previous version after a reboot: ", progress,
                d -> d.state() == DomainState.PREVIOUS_VERSION_BOOTED);
        appendList(text, "; cleanup failed: ", progress, d -> d.cleanup() == CleanupState.FAILED);
        String warning = warning(activity.plan());
        if (!warning.isEmpty()) {
            append(text, "; ", warning);
        }
        return text.toString();
    }

    private static void appendList(StringBuilder text, String label, ActivityProgress progress,
            Predicate<DomainProgress> which) {
        List<String> names = progress.names(which);
        if (!names.isEmpty()) {
            append(text, label, String.join(", ", names));
        }
    }

    private static void append(StringBuilder text, String separator, String part) {
        if (text.length() > 0) {
            text.append(separator);
        } else {
            text.append(separator.startsWith("; ") ? separator.substring(2) : separator);
        }
        text.append(part);
    }
}

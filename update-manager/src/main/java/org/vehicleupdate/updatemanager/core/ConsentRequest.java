package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.Status;

/**
 * The owner's consent before a phase listed in {@code ownerConsentCommands}: asked on the HMI's topic, waited for
 * up to {@code ownerConsentTimeout} (which does not count against the phase timeout). Approved, the phase's
 * command goes out; denied or timed out before DOWNLOAD the activity ends INCOMPLETE, later it is rolled back.
 */
final class ConsentRequest {
    private static final System.Logger LOG = System.getLogger(ConsentRequest.class.getName());

    private final ManagerSettings settings;
    private final ManagerOutbox outbox;
    private final PhaseTimers timers;
    private final OrchestrationFlow flow;

    ConsentRequest(ManagerSettings settings, ManagerOutbox outbox, PhaseTimers timers, OrchestrationFlow flow) {
        this.settings = settings;
        this.outbox = outbox;
        this.timers = timers;
        this.flow = flow;
    }

    /** Asks for the consent the activity awaits (again, after a restart). */
    void ask() {
        Activity activity = flow.activity();
        Command command = activity.progress().awaitingConsent().orElseThrow();
        LOG.log(System.Logger.Level.INFO, "[" + activity.activityId() + "] asking the owner to consent to " + command);
        outbox.askOwnerConsent(activity.activityId(), command);
        timers.restart(settings.ownerConsentTimeout(), () -> refused(FeedbackTexts.consentTimedOut(
                settings.ownerConsentTimeout())));
    }

    /** The owner's answer; one without a request awaiting it is logged and ignored. */
    void onAnswer(String activityId, ConsentStatus status) {
        Activity activity = flow.activity();
        if (activity == null || !activity.activityId().equals(activityId)
                || activity.progress().awaitingConsent().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] owner consent " + status
                    + " without a pending request; ignored");
            return;
        }
        timers.cancelAll();
        if (status == ConsentStatus.APPROVED) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] owner approved "
                    + activity.progress().awaitingConsent().get());
            flow.command(activity.phase(), activity.progress().withConsentAwaited(Optional.empty()));
            flow.advance();
        } else {
            refused(FeedbackTexts.consentRefused());
        }
    }

    private void refused(String reason) {
        Activity activity = flow.activity();
        Command command = activity.progress().awaitingConsent().orElseThrow();
        LOG.log(System.Logger.Level.WARNING, "[" + activity.activityId() + "] " + command + ": " + reason);
        flow.change(activity.progress().withConsentAwaited(Optional.empty()).withFailure(reason));
        if (command == Command.DOWNLOAD) {
            flow.finish(Status.INCOMPLETE, reason);
            return;
        }
        flow.startPhase(OrchestrationPhase.ROLLBACK);
        flow.advance();
    }
}

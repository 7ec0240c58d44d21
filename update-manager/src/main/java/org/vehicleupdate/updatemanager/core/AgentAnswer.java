package org.vehicleupdate.updatemanager.core;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

/**
 * An agent's feedback as the orchestration reads it.
 *
 * @param status      the status in Kanto's terms: Leda's COMPLETE is COMPLETED, INCOMPLETE_INCONSISTENT is
 *                    INCOMPLETE
 * @param withActions the feedback lists actions (an IDENTIFIED without any means there is nothing to do)
 * @param reason      why it failed, in words the operator can act on
 */
public record AgentAnswer(Status status, boolean withActions, String reason) {
    private static final Set<ActionStatus> FAILED_ACTIONS = EnumSet.of(ActionStatus.DOWNLOAD_FAILURE,
            ActionStatus.UPDATE_FAILURE, ActionStatus.ACTIVATION_FAILURE, ActionStatus.REMOVAL_FAILURE);

    public static AgentAnswer of(DesiredStateFeedback feedback) {
        Status status = switch (feedback.status()) {
            case COMPLETE -> Status.COMPLETED;
            case INCOMPLETE_INCONSISTENT -> Status.INCOMPLETE;
            default -> feedback.status();
        };
        return new AgentAnswer(status, !feedback.actions().isEmpty(), reason(feedback));
    }

    /**
     * Leda's agent puts a headline in the feedback ("Install failed.") and the cause in the failed action (RAUC's
     * error text), so both are taken.
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
}

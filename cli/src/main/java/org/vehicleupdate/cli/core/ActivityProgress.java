package org.vehicleupdate.cli.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;

/**
 * Follows one activity through its feedback: turns the stream of messages into the changes worth showing and
 * decides when it is over and with which exit code. Feedback of other activities is ignored, and so is
 * anything after the final status; a message that repeats what is known yields no change.
 */
public final class ActivityProgress {
    private final String activityId;
    private final Map<String, ProgressChange.ComponentStatus> components = new HashMap<>();
    private final Map<String, ProgressChange.DomainStatus> domains = new HashMap<>();
    private ProgressChange.ActivityStatus activity;
    private Outcome outcome;

    public ActivityProgress(String activityId) {
        this.activityId = Objects.requireNonNull(activityId, "activityId");
    }

    public String activityId() {
        return activityId;
    }

    /** A message from the update-manager's topic: the whole vehicle's status and every component's action. */
    public List<ProgressChange> onVehicleFeedback(Envelope<DesiredStateFeedback> feedback) {
        if (!concernsThisActivity(feedback.activityId())) {
            return List.of();
        }
        DesiredStateFeedback payload = feedback.payload();
        List<ProgressChange> changes = new ArrayList<>();
        ProgressChange.ActivityStatus overall = new ProgressChange.ActivityStatus(payload.status(), payload.message());
        boolean overallChanged = !overall.equals(activity);
        activity = overall;
        Optional<Outcome> end = Outcome.ofFinal(payload.status(), payload.message());
        // the status heads what it explains, except the final one, which closes the list
        if (overallChanged && end.isEmpty()) {
            changes.add(overall);
        }
        for (Action action : payload.actions()) {
            String id = action.component().id();
            ProgressChange.ComponentStatus next = new ProgressChange.ComponentStatus(id, domainOf(id),
                    action.component().version(), action.status(), action.progress(), action.message());
            if (!next.equals(components.put(id, next))) {
                changes.add(next);
            }
        }
        if (overallChanged && end.isPresent()) {
            changes.add(overall);
        }
        outcome = end.orElse(null);
        return changes;
    }

    /** A message from a domain agent's topic: the phase that domain is in. Its actions are relayed by the manager. */
    public List<ProgressChange> onDomainFeedback(String domain, Envelope<DesiredStateFeedback> feedback) {
        if (!concernsThisActivity(feedback.activityId())) {
            return List.of();
        }
        ProgressChange.DomainStatus next = new ProgressChange.DomainStatus(domain, feedback.payload().status(),
                feedback.payload().message());
        return next.equals(domains.put(domain, next)) ? List.of() : List.of(next);
    }

    /** A message that failed validation: worth a warning only when it carries this activity's id. */
    public List<ProgressChange> onUnreadable(String source, String messageActivityId, String reason) {
        if (!concernsThisActivity(messageActivityId)) {
            return List.of();
        }
        return List.of(new ProgressChange.UnreadableFeedback(source, reason));
    }

    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    public boolean isOver() {
        return outcome != null;
    }

    /** The outcome when no final status came within {@code limit}: says what was last known. */
    public Outcome timedOut(Duration limit) {
        String last = activity == null
                ? "no feedback at all for activity " + activityId + " (is the update-manager running?)"
                : "last status " + activity.status() + (activity.message().isEmpty() ? "" : ": " + activity.message());
        outcome = new Outcome("TIMEOUT", "no final status within " + GoDuration.format(limit) + "; " + last,
                ExitCode.TIMED_OUT);
        return outcome;
    }

    /** The last known status of the whole update, if any feedback arrived. */
    public Optional<Status> status() {
        return Optional.ofNullable(activity).map(ProgressChange.ActivityStatus::status);
    }

    private boolean concernsThisActivity(String messageActivityId) {
        return outcome == null && activityId.equals(messageActivityId);
    }

    private static String domainOf(String componentId) {
        int colon = componentId.indexOf(':');
        return colon < 0 ? "" : componentId.substring(0, colon);
    }
}

package org.vehicleupdate.updatemanager.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

/**
 * The overall feedback as Kanto's agent wrapper sends it: every status but RUNNING at once; RUNNING on its
 * leading edge at once, then at most once per interval and only when the actions changed; never when the
 * interval is zero. A RUNNING without a message is progress; one with a message (the reboot notice) is a
 * state change and goes out at once.
 */
public final class FeedbackThrottle {
    private final Duration interval;
    private final Timers timers;
    private final ManagerOutbox outbox;
    private Timers.Timer timer;
    private String pendingActivity;
    private List<Action> pendingActions;
    private List<Action> lastActions;
    private String sentActivity = "";
    private DesiredStateFeedback sent;

    public FeedbackThrottle(Duration interval, Timers timers, ManagerOutbox outbox) {
        this.interval = interval;
        this.timers = timers;
        this.outbox = outbox;
    }

    public synchronized void report(String activityId, Status status, String message, List<Action> actions) {
        if (status != Status.RUNNING || !message.isEmpty()) {
            if (status != Status.RUNNING) {
                cancel();
            } else {
                // it is the leading edge of a new interval as well
                pendingActions = null;
                if (timer == null && !interval.isZero() && !interval.isNegative()) {
                    timer = timers.schedule(interval, this::trailingEdge);
                }
            }
            lastActions = actions;
            publish(activityId, DesiredStateFeedback.of(status, message, actions));
            return;
        }
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        if (timer == null) {
            lastActions = actions;
            publish(activityId, DesiredStateFeedback.of(Status.RUNNING, "", actions));
            timer = timers.schedule(interval, this::trailingEdge);
        } else {
            pendingActivity = activityId;
            pendingActions = actions;
        }
    }

    private synchronized void trailingEdge() {
        timer = null;
        if (pendingActions != null && !pendingActions.equals(lastActions)) {
            lastActions = pendingActions;
            publish(pendingActivity, DesiredStateFeedback.of(Status.RUNNING, "", pendingActions));
        }
        pendingActions = null;
        pendingActivity = null;
    }

    /**
     * The feedback last published for this activity: what a desired state delivered again is answered with, so
     * that the answer never runs ahead of what was reported (a RUNNING held back by the throttle is not).
     */
    public synchronized Optional<DesiredStateFeedback> lastPublished(String activityId) {
        return sentActivity.equals(activityId) ? Optional.ofNullable(sent) : Optional.empty();
    }

    private void publish(String activityId, DesiredStateFeedback feedback) {
        sentActivity = activityId;
        sent = feedback;
        outbox.publishFeedback(activityId, feedback);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        pendingActions = null;
        pendingActivity = null;
    }
}

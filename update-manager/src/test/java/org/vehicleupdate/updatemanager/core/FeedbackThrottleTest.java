package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.Status;

class FeedbackThrottleTest {
    private final ManualTimers time = new ManualTimers();
    private final RecordingOutbox outbox = new RecordingOutbox();

    private static List<Action> actions(int progress) {
        return List.of(new Action(new ComponentRef("containers:app", "2"), ActionStatus.DOWNLOADING, progress, ""));
    }

    @Test
    void firstRunningAtOnceThenAtMostOncePerIntervalAndOnlyWhenChanged() {
        FeedbackThrottle throttle = new FeedbackThrottle(Duration.ofMinutes(1), time, outbox);
        throttle.report("a", Status.RUNNING, "", actions(10));
        throttle.report("a", Status.RUNNING, "", actions(20));
        throttle.report("a", Status.RUNNING, "", actions(30));
        assertThat(outbox.feedback).hasSize(1);
        time.advance(Duration.ofMinutes(1));
        assertThat(outbox.feedback).hasSize(2);
        assertThat(outbox.last().actions()).isEqualTo(actions(30));
        throttle.report("a", Status.RUNNING, "", actions(30));
        time.advance(Duration.ofMinutes(1));
        assertThat(outbox.feedback).hasSize(3);
        throttle.report("a", Status.RUNNING, "", actions(30));
        time.advance(Duration.ofMinutes(1));
        assertThat(outbox.feedback).as("unchanged actions are not repeated on the trailing edge").hasSize(4);
    }

    @Test
    void finalStatusGoesOutAtOnceAndDropsPendingRunning() {
        FeedbackThrottle throttle = new FeedbackThrottle(Duration.ofMinutes(1), time, outbox);
        throttle.report("a", Status.RUNNING, "", actions(10));
        throttle.report("a", Status.RUNNING, "", actions(50));
        throttle.report("a", Status.COMPLETED, "", actions(100));
        time.advance(Duration.ofMinutes(5));
        assertThat(outbox.statuses()).containsExactly(Status.RUNNING, Status.COMPLETED);
    }

    @Test
    void zeroIntervalNeverSendsRunning() {
        FeedbackThrottle throttle = new FeedbackThrottle(Duration.ZERO, time, outbox);
        throttle.report("a", Status.IDENTIFIED, "", actions(0));
        throttle.report("a", Status.RUNNING, "", actions(10));
        throttle.report("a", Status.COMPLETED, "", actions(100));
        assertThat(outbox.statuses()).containsExactly(Status.IDENTIFIED, Status.COMPLETED);
    }
}

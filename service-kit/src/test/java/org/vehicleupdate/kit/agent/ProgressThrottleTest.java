package org.vehicleupdate.kit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.MutableClock;

class ProgressThrottleTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void theFirstReportGoesThroughThenAtMostOnePerInterval() {
        ProgressThrottle<Integer> throttle = new ProgressThrottle<>(clock, Duration.ofMillis(500));

        assertThat(throttle.admit(1)).isTrue();
        clock.advance(Duration.ofMillis(499));
        assertThat(throttle.admit(2)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.admit(3)).isTrue();
        assertThat(throttle.admit(4)).isFalse();
    }

    @Test
    void theNewestHeldReportIsLeftForATrailingEdgeWhenItSaysSomethingNew() {
        ProgressThrottle<Integer> throttle = new ProgressThrottle<>(clock, Duration.ofSeconds(1));
        throttle.admit(1);
        throttle.admit(2);
        throttle.admit(3);

        assertThat(throttle.takeHeld()).contains(3);
        assertThat(throttle.takeHeld()).isEmpty();
        throttle.admit(3);
        assertThat(throttle.takeHeld()).as("the same as the one sent").isEmpty();
    }

    @Test
    void aZeroIntervalLetsEveryReportThroughAndResetStartsAnew() {
        ProgressThrottle<Integer> everything = new ProgressThrottle<>(clock, Duration.ZERO);
        assertThat(everything.admit(1)).isTrue();
        assertThat(everything.admit(2)).isTrue();

        ProgressThrottle<Integer> throttle = new ProgressThrottle<>(clock, Duration.ofMinutes(1));
        throttle.admit(1);
        throttle.reset();
        assertThat(throttle.admit(2)).isTrue();
    }
}

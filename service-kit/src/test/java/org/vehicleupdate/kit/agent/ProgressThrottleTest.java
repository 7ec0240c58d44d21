package org.vehicleupdate.kit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
    private final SteppedClock clock = new SteppedClock();

    @Test
    void theFirstReportGoesThroughThenAtMostOnePerInterval() {
        ProgressThrottle<Integer> throttle = new ProgressThrottle<>(clock, Duration.ofMillis(500));

        assertThat(throttle.admit(1)).isTrue();
        clock.advance(499);
        assertThat(throttle.admit(2)).isFalse();
        clock.advance(1);
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

    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

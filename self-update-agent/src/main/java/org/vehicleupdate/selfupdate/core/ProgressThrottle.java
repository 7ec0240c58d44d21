package org.vehicleupdate.selfupdate.core;

import java.time.Clock;
import java.time.Duration;

/** Lets the first progress report through and then at most one per interval. */
final class ProgressThrottle {
    private final Clock clock;
    private final long intervalMillis;
    private long last = Long.MIN_VALUE;

    ProgressThrottle(Clock clock, Duration interval) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    boolean due() {
        long now = clock.millis();
        if (last != Long.MIN_VALUE && now - last < intervalMillis) {
            return false;
        }
        last = now;
        return true;
    }
}

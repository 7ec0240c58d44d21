package org.vehicleupdate.kit.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Progress reports at a bearable rate: the first report goes through at once, then at most one per interval
 * (an interval of zero lets every report through). A report held back is kept, the newest one, so that an owner
 * with a timer can send it at the interval's end ({@link #takeHeld}), as Kanto's agent wrapper does with RUNNING;
 * the agents drop it, since a phase's result follows soon and says more.
 *
 * @param <T> the report, compared with {@code equals} to tell whether a held one says anything new
 */
public final class ProgressThrottle<T> {
    private final Clock clock;
    private final long intervalMillis;
    private long lastSent = Long.MIN_VALUE;
    private T sent;
    private T held;

    public ProgressThrottle(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intervalMillis = Math.max(0, interval.toMillis());
    }

    /** True when this report is to be sent now; otherwise it is held (replacing one held before). */
    public synchronized boolean admit(T report) {
        long now = clock.millis();
        if (lastSent != Long.MIN_VALUE && now - lastSent < intervalMillis) {
            held = report;
            return false;
        }
        lastSent = now;
        sent = report;
        held = null;
        return true;
    }

    /** The report held back since the last one sent, if it differs from that one; it counts as sent now. */
    public synchronized Optional<T> takeHeld() {
        T report = held;
        held = null;
        if (report == null || report.equals(sent)) {
            return Optional.empty();
        }
        sent = report;
        lastSent = clock.millis();
        return Optional.of(report);
    }

    /** Forgets what was sent and held: the next report goes through at once. */
    public synchronized void reset() {
        lastSent = Long.MIN_VALUE;
        sent = null;
        held = null;
    }
}

package org.vehicleupdate.updatemanager.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A fake clock with timers that fire only when the test moves time on. */
final class ManualTimers extends Clock implements Timers {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Scheduled> scheduled = new ArrayList<>();
    private long sequence;

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Scheduled entry = new Scheduled(now.plus(delay), sequence++, task);
        scheduled.add(entry);
        return () -> scheduled.remove(entry);
    }

    /** Moves time on, running every timer that falls due on the way, in order. */
    void advance(Duration duration) {
        Instant end = now.plus(duration);
        while (true) {
            Scheduled next = scheduled.stream().filter(s -> !s.due.isAfter(end))
                    .min(Comparator.comparing((Scheduled s) -> s.due).thenComparingLong(s -> s.sequence))
                    .orElse(null);
            if (next == null) {
                break;
            }
            scheduled.remove(next);
            now = next.due;
            next.task.run();
        }
        now = end;
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

    private record Scheduled(Instant due, long sequence, Runnable task) {
    }
}

package org.vehicleupdate.cli.command;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * Hands the messages from the MQTT handler thread to the command's own thread, which does all the printing,
 * so that output is never interleaved and a command can wait with a deadline.
 */
final class Inbox<T> {
    /** One message as it came off a topic. */
    record Delivery<T>(String topic, ReadResult<T> message) {
    }

    private static final Duration LONGEST = Duration.ofDays(365L * 100);

    private final BlockingQueue<Delivery<T>> queue = new LinkedBlockingQueue<>();

    void add(String topic, ReadResult<T> message) {
        queue.add(new Delivery<>(topic, message));
    }

    /** The next message, or empty when none comes before the deadline ({@link System#nanoTime()}). */
    Optional<Delivery<T>> next(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        return Optional.ofNullable(queue.poll(Math.max(0, remaining), TimeUnit.NANOSECONDS));
    }

    Delivery<T> next() throws InterruptedException {
        return queue.take();
    }

    static long deadline(Duration from) {
        // a timeout of centuries must not overflow System.nanoTime arithmetic into the past
        Duration bounded = from.compareTo(LONGEST) > 0 ? LONGEST : from;
        return System.nanoTime() + bounded.toNanos();
    }
}

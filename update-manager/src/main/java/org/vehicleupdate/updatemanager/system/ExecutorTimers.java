package org.vehicleupdate.updatemanager.system;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.vehicleupdate.updatemanager.core.Timers;

/** Timers on one daemon thread. */
public final class ExecutorTimers implements Timers, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ExecutorTimers.class.getName());
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "update-manager-timers");
        thread.setDaemon(true);
        return thread;
    });

    public ExecutorTimers() {
        // every phase and every inventory request restarts a timer: a cancelled one leaves the queue at once
        // instead of staying in it (with its task) until its time, minutes later
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> future = executor.schedule(() -> run(task), Math.max(0, delay.toMillis()),
                    TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // the service is stopping; after its restart the journal brings every timer back
            return () -> { };
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // a timer's bug must not stop the other timers
            LOG.log(System.Logger.Level.ERROR, "timer task failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

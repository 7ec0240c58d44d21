package org.vehicleupdate.updatemanager.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timers of the current phase (its timeout, the owner's consent, the reboot delay): a new phase cancels
 * them all, and a timer that fires after its phase was left does nothing, even if it raced the cancel.
 */
final class PhaseTimers {
    private final Timers timers;
    private final Object lock;
    private final List<Timers.Timer> running = new ArrayList<>();
    private long generation;

    /** @param lock what the orchestration synchronizes on: a timer's task runs holding it */
    PhaseTimers(Timers timers, Object lock) {
        this.timers = timers;
        this.lock = lock;
    }

    /** Cancels the phase's timers and starts this one as the only one. Call holding the lock. */
    void restart(Duration delay, Runnable task) {
        cancelAll();
        add(delay, task);
    }

    /** Adds a timer to the phase's. Call holding the lock. */
    void add(Duration delay, Runnable task) {
        long token = generation;
        running.add(timers.schedule(delay, () -> {
            synchronized (lock) {
                if (token == generation) {
                    task.run();
                }
            }
        }));
    }

    /** Call holding the lock. */
    void cancelAll() {
        generation++;
        running.forEach(Timers.Timer::cancel);
        running.clear();
    }
}

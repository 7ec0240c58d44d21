package org.vehicleupdate.updatemanager.core;

import java.time.Duration;

/** The port for delayed work: phase timeouts, the feedback throttle, the reboot delay. */
public interface Timers {

    /** Runs the task once after the delay, on a thread of the implementation's choosing. */
    Timer schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Timer {
        /** Makes sure the task does not run, if it has not started yet. */
        void cancel();
    }
}

package org.vehicleupdate.containers.core;

import java.time.Duration;

/** Waiting between two looks at a starting container; tests advance a fake clock instead. */
@FunctionalInterface
public interface Pause {
    /** @throws InterruptedException when the agent is shutting down */
    void pause(Duration duration) throws InterruptedException;
}

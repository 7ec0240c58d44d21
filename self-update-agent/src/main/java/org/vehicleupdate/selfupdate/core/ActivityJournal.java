package org.vehicleupdate.selfupdate.core;

import java.util.Optional;

/** The port that keeps the activity across restarts: {@link #save} must be atomic and durable. */
public interface ActivityJournal {
    Optional<SelfUpdateActivity> load();

    void save(SelfUpdateActivity activity);
}

package org.vehicleupdate.example.core;

import java.util.Optional;

/** The port that keeps the activity across restarts: {@link #save} returns when it is on the disk. */
public interface ActivityJournal {
    Optional<ConfigActivity> load();

    void save(ConfigActivity activity);
}

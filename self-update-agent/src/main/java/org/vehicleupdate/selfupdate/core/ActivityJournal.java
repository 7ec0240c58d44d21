package org.vehicleupdate.selfupdate.core;

import java.util.Optional;

/** The port that keeps the activity across restarts: {@link #save} returns when the activity is on the disk. */
public interface ActivityJournal {
    /** The activity last saved: the one in hand, or the last one finished. */
    Optional<SelfUpdateActivity> load();

    void save(SelfUpdateActivity activity);
}

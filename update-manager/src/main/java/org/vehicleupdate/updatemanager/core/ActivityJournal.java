package org.vehicleupdate.updatemanager.core;

import java.util.List;
import java.util.Optional;

/** The port to the manager's journal: the open activity and the recently finished ones, saved atomically. */
public interface ActivityJournal {

    Content load();

    /** Replaces the journal as a whole, durably, before the caller reports the change. */
    void save(Content content);

    /** What the journal holds. */
    record Content(Optional<Activity> active, List<FinishedActivity> recent) {
        public Content {
            recent = List.copyOf(recent);
        }

        public static Content empty() {
            return new Content(Optional.empty(), List.of());
        }
    }
}

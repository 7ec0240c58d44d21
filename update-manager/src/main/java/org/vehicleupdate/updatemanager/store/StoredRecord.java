package org.vehicleupdate.updatemanager.store;

import java.util.Objects;
import org.vehicleupdate.updatemanager.core.JournalEntry;
import org.vehicleupdate.updatemanager.trust.SequenceRecord;

/** A line of the manager's journal: a step of the orchestration, or the trust gate's last accepted sequence. */
sealed interface StoredRecord {

    record Step(JournalEntry entry) implements StoredRecord {
        public Step {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** Written by the trust gate before it lets a signed desired state through. */
    record Sequence(SequenceRecord record) implements StoredRecord {
        public Sequence {
            Objects.requireNonNull(record, "record");
        }
    }
}

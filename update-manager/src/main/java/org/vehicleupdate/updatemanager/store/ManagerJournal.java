package org.vehicleupdate.updatemanager.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.journal.Journal;
import org.vehicleupdate.kit.journal.JournalRefusal;
import org.vehicleupdate.kit.journal.SyncPoint;
import org.vehicleupdate.updatemanager.core.ActivityJournal;
import org.vehicleupdate.updatemanager.core.JournalEntry;
import org.vehicleupdate.updatemanager.trust.SequenceRecord;
import org.vehicleupdate.updatemanager.trust.TrustState;

/**
 * The manager's journal: {@code <data-dir>/update-manager.journal}, service-kit's append-only {@link Journal}
 * with the records of {@link ManagerRecordCodec} and the trust gate's last accepted sequence, which is journaled
 * with the activities (a reset of the journals resets it too; docs/trust.md). Opened on first use, so that a
 * manager that cannot write its data directory still starts far enough to refuse each desired state with the
 * reason.
 */
public final class ManagerJournal implements ActivityJournal, TrustState, SyncPoint, AutoCloseable {
    public static final String FILE_NAME = "update-manager.journal";
    /** The one JSON document an earlier version wrote instead. */
    public static final String EARLIER_FORMAT_FILE = "update-manager.journal.json";

    private final Path file;
    private Journal<StoredRecord> journal;
    private Optional<SequenceRecord> sequence = Optional.empty();
    private boolean halted;
    /** Entries that wait until the messages published before them went out. */
    private final List<JournalEntry> afterSent = new ArrayList<>();

    public ManagerJournal(Path dataDirectory) {
        this.file = dataDirectory.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /**
     * Opens the file now, as the manager's start does before it takes any message.
     *
     * @throws org.vehicleupdate.kit.journal.JournalFormatException when the file is not fully understood
     * @throws java.io.UncheckedIOException when it cannot be read or written
     */
    public synchronized ManagerJournal open() {
        journal();
        return this;
    }

    @Override
    public synchronized List<JournalEntry> entries() {
        return journal().records().stream().filter(StoredRecord.Step.class::isInstance)
                .map(r -> ((StoredRecord.Step) r).entry()).toList();
    }

    @Override
    public synchronized void append(JournalEntry entry) {
        if (!halted) {
            journal().append(new StoredRecord.Step(entry));
        }
    }

    @Override
    public synchronized void write(JournalEntry entry) {
        if (!halted) {
            journal().write(new StoredRecord.Step(entry));
        }
    }

    @Override
    public synchronized void afterPublished(JournalEntry entry) {
        if (!halted) {
            afterSent.add(entry);
        }
    }

    /** Makes what was written durable: the bus calls it before the messages that announce it go out. */
    @Override
    public synchronized void sync() {
        if (!halted && journal != null) {
            journal.sync();
        }
    }

    /** The messages published so far went out: the entries that say so are written (synced with the next). */
    @Override
    public synchronized void sent() {
        if (!halted && journal != null) {
            afterSent.forEach(entry -> journal.write(new StoredRecord.Step(entry)));
        }
        afterSent.clear();
    }

    /** Keeps the last accepted sequence as well: a compaction must not reopen the door to a replay. */
    @Override
    public synchronized void rewrite(List<JournalEntry> keep) {
        if (!halted) {
            journal();
            List<StoredRecord> records = new ArrayList<>();
            sequence.ifPresent(s -> records.add(new StoredRecord.Sequence(s)));
            keep.forEach(entry -> records.add(new StoredRecord.Step(entry)));
            journal.rewrite(records);
        }
    }

    @Override
    public synchronized Optional<SequenceRecord> load() {
        journal();
        return sequence;
    }

    @Override
    public synchronized void save(SequenceRecord record) {
        if (!halted) {
            journal().append(new StoredRecord.Sequence(record));
            sequence = Optional.of(record);
        }
    }

    @Override
    public synchronized long size() {
        return journal == null ? 0 : journal.size();
    }

    /** From now on nothing more is written, as if the process had died (tests of a crash use this). */
    public synchronized void halt() {
        halted = true;
        close();
    }

    @Override
    public synchronized void close() {
        if (journal != null) {
            journal.close();
            journal = null;
        }
    }

    private Journal<StoredRecord> journal() {
        if (journal == null) {
            // the earlier format: {"active": <the open activity or null>, "recent": [...]}
            JournalRefusal.setAsideEarlierFormat(file.resolveSibling(EARLIER_FORMAT_FILE),
                    old -> old.has("active") && !old.get("active").isJsonNull());
            journal = Journal.open(file, "update-manager", new StoredRecordCodec());
            for (StoredRecord record : journal.records()) {
                if (record instanceof StoredRecord.Sequence accepted) {
                    sequence = Optional.of(accepted.record());
                }
            }
        }
        return journal;
    }
}

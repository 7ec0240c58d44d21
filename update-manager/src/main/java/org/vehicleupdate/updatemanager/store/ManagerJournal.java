package org.vehicleupdate.updatemanager.store;

import java.nio.file.Path;
import java.util.List;
import org.vehicleupdate.kit.journal.Journal;
import org.vehicleupdate.updatemanager.core.ActivityJournal;
import org.vehicleupdate.updatemanager.core.JournalEntry;

/**
 * The manager's journal: {@code <data-dir>/update-manager.journal}, service-kit's append-only {@link Journal}
 * with the records of {@link ManagerRecordCodec}. Opened on first use, so that a manager that cannot write its
 * data directory still starts far enough to refuse each desired state with the reason.
 */
public final class ManagerJournal implements ActivityJournal, AutoCloseable {
    public static final String FILE_NAME = "update-manager.journal";

    private final Path file;
    private Journal<JournalEntry> journal;
    private boolean halted;

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
        return journal().records();
    }

    @Override
    public synchronized void append(JournalEntry entry) {
        if (!halted) {
            journal().append(entry);
        }
    }

    @Override
    public synchronized void rewrite(List<JournalEntry> keep) {
        if (!halted) {
            journal().rewrite(keep);
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

    private Journal<JournalEntry> journal() {
        if (journal == null) {
            journal = Journal.open(file, "update-manager", new ManagerRecordCodec());
        }
        return journal;
    }
}

package org.vehicleupdate.kit.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Journal} of snapshots: each record is the whole of one part of a service's state, so the newest record
 * of each type is the state (an agent's activity, say, and the specs it applied). Every change is appended, one
 * record and one {@code fdatasync}; the older records of a type are dropped when the journal is opened and
 * whenever it has grown past a limit, by an atomic rewrite.
 *
 * @param <R> the service's record type; its {@link RecordCodec#type type} says which part a record is
 */
public final class SnapshotJournal<R> implements AutoCloseable {
    /** Beyond this the journal is compacted on the next append: a few hundred snapshots of a large activity. */
    static final long COMPACT_ABOVE_BYTES = 4L * 1024 * 1024;

    private final Journal<R> journal;
    private final RecordCodec<R> codec;
    private final Map<String, R> latest = new LinkedHashMap<>();

    private SnapshotJournal(Journal<R> journal, RecordCodec<R> codec) {
        this.journal = journal;
        this.codec = codec;
    }

    /**
     * Opens the journal, keeps the newest record of each type and compacts the file to them.
     *
     * @throws JournalFormatException when the file is not fully understood
     */
    public static <R> SnapshotJournal<R> open(Path file, String name, RecordCodec<R> codec) {
        Journal<R> journal = Journal.open(file, name, codec);
        SnapshotJournal<R> snapshots = new SnapshotJournal<>(journal, codec);
        for (R record : journal.records()) {
            snapshots.latest.put(codec.type(record), record);
        }
        if (journal.records().size() > snapshots.latest.size()) {
            journal.rewrite(new ArrayList<>(snapshots.latest.values()));
        }
        return snapshots;
    }

    /** The newest record of this type, if there is one. */
    public synchronized <T extends R> Optional<T> latest(Class<T> type) {
        return latest.values().stream().filter(type::isInstance).map(type::cast).reduce((first, second) -> second);
    }

    /** The newest record of each type, in the order the types first appeared. */
    public synchronized List<R> latest() {
        return List.copyOf(latest.values());
    }

    /** Makes this record the newest of its type; it is on the disk when this returns. */
    public synchronized void save(R record) {
        journal.append(record);
        latest.put(codec.type(record), record);
        if (journal.size() > COMPACT_ABOVE_BYTES) {
            journal.rewrite(new ArrayList<>(latest.values()));
        }
    }

    public Path path() {
        return journal.path();
    }

    @Override
    public void close() {
        journal.close();
    }
}

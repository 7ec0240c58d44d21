package org.vehicleupdate.containers.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vehicleupdate.containers.core.AppliedSpecs;
import org.vehicleupdate.containers.core.Operation;
import org.vehicleupdate.containers.core.OperationStore;
import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.journal.JournalRefusal;
import org.vehicleupdate.kit.journal.SnapshotJournal;

/**
 * The agent's journal (service-kit's journal, {@code containers.journal}): the operation and the specs applied by
 * in-place updates, each change appended as the whole of its part, compacted to the newest ones on start. One file,
 * so that deploy/reset-journals.sh clears both together. Thread-safe.
 */
public final class ContainerJournal implements OperationStore, AppliedSpecs, AutoCloseable {
    /** What versions before the journal of records wrote beside it: one JSON document each. */
    static final String[] EARLIER_FORMAT_FILES = {"operation.json", "applied-specs.json"};

    private final SnapshotJournal<ContainerRecord> journal;
    private final Map<String, ContainerSpec> specs = new HashMap<>();

    /**
     * @throws JournalFormatException when the journal is not fully understood, or one of an earlier format holds an open
     *                                activity
     */
    public ContainerJournal(Path file) {
        for (String earlier : EARLIER_FORMAT_FILES) {
            Path old = file.resolveSibling(earlier);
            if (!old.equals(file)) {
                // the earlier format's operation was open until it said "finished": true; the specs hold none
                JournalRefusal.setAsideEarlierFormat(old, json -> json.has("actions")
                        && !(json.has("finished") && json.get("finished").getAsBoolean()));
            }
        }
        journal = SnapshotJournal.open(file, "container-update-agent", new ContainerRecordCodec());
        journal.latest(ContainerRecord.AppliedSpecs.class).ifPresent(saved -> specs.putAll(saved.byContainerId()));
    }

    @Override
    public synchronized Optional<Operation> load() {
        return journal.latest(ContainerRecord.OperationSnapshot.class).map(s -> Operation.of(s.operation()));
    }

    @Override
    public synchronized void save(Operation operation) {
        journal.save(new ContainerRecord.OperationSnapshot(operation.record()));
    }

    @Override
    public synchronized Optional<ContainerSpec> get(String containerId) {
        return Optional.ofNullable(specs.get(containerId));
    }

    @Override
    public synchronized void put(String containerId, ContainerSpec spec) {
        specs.put(containerId, spec);
        journal.save(new ContainerRecord.AppliedSpecs(specs));
    }

    @Override
    public synchronized void retainOnly(Set<String> containerIds) {
        if (specs.keySet().retainAll(containerIds)) {
            journal.save(new ContainerRecord.AppliedSpecs(specs));
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

package org.vehicleupdate.containers.store;

import java.nio.file.Path;
import java.util.Optional;
import org.vehicleupdate.containers.core.Operation;
import org.vehicleupdate.containers.core.OperationStore;
import org.vehicleupdate.kit.journal.JournalFile;

/** The operation journal in one atomically replaced JSON file. */
public final class JournalOperationStore implements OperationStore {
    private final JournalFile<Operation> file;

    public JournalOperationStore(Path path) {
        this.file = new JournalFile<>(path, Operation.class);
    }

    @Override
    public Optional<Operation> load() {
        return file.load();
    }

    @Override
    public void save(Operation operation) {
        file.save(operation);
    }
}

package org.vehicleupdate.containers.core;

import java.util.Optional;

/** The journal of the operation: saved atomically, so a restart finds the last saved state and no other. */
public interface OperationStore {
    Optional<Operation> load();

    void save(Operation operation);
}

package org.vehicleupdate.containers.core;

import java.util.Optional;

/** The journal of the operation: {@link #save} returns when it is on the disk, so a restart finds the last one. */
public interface OperationStore {
    /** The operation last saved: the one in hand, or the last one finished. */
    Optional<Operation> load();

    void save(Operation operation);
}

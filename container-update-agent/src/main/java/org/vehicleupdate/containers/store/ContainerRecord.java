package org.vehicleupdate.containers.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.vehicleupdate.containers.core.OperationRecord;
import org.vehicleupdate.containers.spec.ContainerSpec;

/** The two parts of the container agent's journal. */
sealed interface ContainerRecord {

    /** The operation in hand, or the last one finished. */
    record OperationSnapshot(OperationRecord operation) implements ContainerRecord {
    }

    /** The spec each container really has after an in-place update, by container id. */
    record AppliedSpecs(Map<String, ContainerSpec> byContainerId) implements ContainerRecord {
        public AppliedSpecs {
            // sorted: the same specs are written the same way
            byContainerId = Collections.unmodifiableMap(new TreeMap<>(byContainerId));
        }
    }
}

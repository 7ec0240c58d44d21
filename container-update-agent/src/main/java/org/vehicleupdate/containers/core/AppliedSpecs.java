package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration a container really has after an in-place update. Docker labels cannot change, so after
 * {@code POST /containers/{id}/update} the spec label still shows the old restart policy and memory; without
 * this record the next identical desired state would be an UPDATE again, for ever (Kanto's quirk).
 */
public interface AppliedSpecs {
    Optional<ContainerSpec> get(String containerId);

    void put(String containerId, ContainerSpec spec);

    /** Forgets every container that is not in the list (removed since). */
    void retainOnly(java.util.Set<String> containerIds);

    /** For tests and for a runtime that never updates in place. */
    static AppliedSpecs inMemory() {
        Map<String, ContainerSpec> specs = new java.util.HashMap<>();
        return new AppliedSpecs() {
            @Override
            public Optional<ContainerSpec> get(String containerId) {
                return Optional.ofNullable(specs.get(containerId));
            }

            @Override
            public void put(String containerId, ContainerSpec spec) {
                specs.put(containerId, spec);
            }

            @Override
            public void retainOnly(java.util.Set<String> containerIds) {
                specs.keySet().retainAll(containerIds);
            }
        };
    }
}

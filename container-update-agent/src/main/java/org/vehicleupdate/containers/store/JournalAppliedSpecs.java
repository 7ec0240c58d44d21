package org.vehicleupdate.containers.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vehicleupdate.containers.core.AppliedSpecs;
import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.kit.journal.JournalFile;

/** {@link AppliedSpecs} in one atomically replaced JSON file beside the operation journal; thread-safe. */
public final class JournalAppliedSpecs implements AppliedSpecs {
    private final JournalFile<Specs> file;
    private final Map<String, ContainerSpec> specs = new HashMap<>();

    public JournalAppliedSpecs(Path path) {
        this.file = new JournalFile<>(path, Specs.class);
        file.load().ifPresent(saved -> specs.putAll(saved.byContainerId()));
    }

    @Override
    public synchronized Optional<ContainerSpec> get(String containerId) {
        return Optional.ofNullable(specs.get(containerId));
    }

    @Override
    public synchronized void put(String containerId, ContainerSpec spec) {
        specs.put(containerId, spec);
        file.save(new Specs(Map.copyOf(specs)));
    }

    @Override
    public synchronized void retainOnly(Set<String> containerIds) {
        if (specs.keySet().retainAll(containerIds)) {
            file.save(new Specs(Map.copyOf(specs)));
        }
    }

    /** The file's content. */
    record Specs(Map<String, ContainerSpec> byContainerId) {
    }
}

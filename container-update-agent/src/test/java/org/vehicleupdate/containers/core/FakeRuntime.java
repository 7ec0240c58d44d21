package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * An in-memory container runtime for the phase logic: containers by id, with Docker's name rules. Thread-safe, as
 * the phases call it from several threads at once; {@link #threads} records which threads called it.
 */
final class FakeRuntime implements ContainerRuntime {
    final Map<String, RuntimeContainer> containers = new LinkedHashMap<>();
    final Set<String> missingImages = new HashSet<>();
    final Set<String> crashingImages = new HashSet<>();
    /** Crash with code 3 and are restarted at once, so they are seen running: Podman with a restart policy. */
    final Set<String> crashLoopingImages = new HashSet<>();
    final Set<String> pulled = new HashSet<>();
    /** The digests a pulled image is known by; by default the one its reference names, else one made of its name. */
    final Map<String, List<String>> digests = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    final Set<String> threads = new HashSet<>();
    final Map<String, Integer> createFailures = new HashMap<>();
    boolean supportsUpdate;
    /** What an in-place update applied, by container id (the labels keep the creation spec, as in Docker). */
    final Map<String, ContainerSpec> updated = new HashMap<>();
    private int nextId = 1;

    /** A container that is there before the agent starts, created by the agent (spec label) or not. */
    String existing(ContainerSpec spec, boolean managed, boolean running, String activity) {
        String id = "c" + nextId++;
        Map<String, String> labels = managed ? ManagedLabels.of(spec, "1", activity) : Map.of();
        containers.put(id, new RuntimeContainer(id, spec.name(), spec.image(), running ? "running" : "exited", 0, "",
                "2026-01-01T00:00:00Z", "", 0, labels));
        return id;
    }

    RuntimeContainer byName(String name) {
        return containers.values().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    boolean hasName(String name) {
        return containers.values().stream().anyMatch(c -> c.name().equals(name));
    }

    @Override
    public synchronized List<RuntimeContainer> list() {
        return List.copyOf(containers.values());
    }

    @Override
    public synchronized Optional<RuntimeContainer> inspect(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    @Override
    public synchronized void pull(String image, IntConsumer progress) throws ContainerRuntimeException {
        calls.add("pull " + image);
        threads.add(Thread.currentThread().getName());
        if (missingImages.contains(image)) {
            throw new ContainerRuntimeException("manifest unknown");
        }
        progress.accept(50);
        progress.accept(100);
        pulled.add(image);
    }

    @Override
    public synchronized List<String> imageDigests(String image) throws ContainerRuntimeException {
        calls.add("digests " + image);
        if (!pulled.contains(image)) {
            throw new ContainerRuntimeException("no such image " + image);
        }
        return digests.getOrDefault(image, List.of(image.contains("@") ? image.substring(image.indexOf('@') + 1)
                : digestOf(image)));
    }

    /** The digest the fake registry gives an image reference. */
    static String digestOf(String image) {
        return "sha256:" + ManagedLabels.sha256("manifest of " + image);
    }

    @Override
    public synchronized String create(String name, ContainerSpec spec, Map<String, String> labels)
            throws ContainerRuntimeException {
        calls.add("create " + name);
        threads.add(Thread.currentThread().getName());
        if (hasName(name)) {
            throw new ContainerRuntimeException("that name is already in use");
        }
        if (createFailures.containsKey(name)) {
            throw new ContainerRuntimeException("create refused");
        }
        String id = "c" + nextId++;
        containers.put(id, new RuntimeContainer(id, name, spec.image(), "created", 0, "", "2026-01-02T00:00:00Z", "", 0,
                labels));
        return id;
    }

    @Override
    public synchronized void rename(String id, String newName) throws ContainerRuntimeException {
        calls.add("rename " + get(id).name() + " " + newName);
        if (hasName(newName)) {
            throw new ContainerRuntimeException("name " + newName + " already in use");
        }
        RuntimeContainer c = get(id);
        put(c, newName, c.state(), c.exitCode());
    }

    @Override
    public synchronized void start(String id) throws ContainerRuntimeException {
        RuntimeContainer c = get(id);
        calls.add("start " + c.name());
        if (crashingImages.contains(c.image())) {
            put(c, c.name(), "exited", 3);
        } else if (crashLoopingImages.contains(c.image())) {
            containers.put(c.id(), new RuntimeContainer(c.id(), c.name(), c.image(), "running", 3, c.health(),
                    c.created(), c.finishedAt(), c.restartCount() + 1, c.labels()));
        } else {
            put(c, c.name(), "running", 0);
        }
    }

    @Override
    public synchronized void stop(String id, Duration timeout) throws ContainerRuntimeException {
        RuntimeContainer c = get(id);
        calls.add("stop " + c.name());
        put(c, c.name(), "exited", 0);
    }

    @Override
    public synchronized void remove(String id) {
        RuntimeContainer c = containers.remove(id);
        if (c != null) {
            calls.add("remove " + c.name());
        }
    }

    @Override
    public synchronized boolean updateInPlace(String id, ContainerSpec spec) throws ContainerRuntimeException {
        calls.add("update " + get(id).name());
        if (!supportsUpdate) {
            return false;
        }
        // like Docker: the limits change, the labels cannot
        updated.put(id, spec);
        return true;
    }

    private RuntimeContainer get(String id) throws ContainerRuntimeException {
        RuntimeContainer c = containers.get(id);
        if (c == null) {
            throw new ContainerRuntimeException("no such container " + id);
        }
        return c;
    }

    private void put(RuntimeContainer c, String name, String state, int exitCode) {
        containers.put(c.id(), new RuntimeContainer(c.id(), name, c.image(), state, exitCode, c.health(), c.created(),
                c.finishedAt(), c.restartCount(), c.labels()));
    }
}

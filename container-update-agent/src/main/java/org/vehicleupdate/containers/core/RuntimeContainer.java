package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import java.util.Map;
import java.util.Optional;

/**
 * A container as the runtime reports it.
 *
 * @param state        Docker's state: created, running, paused, restarting, exited (Podman: stopped), dead
 * @param health       the health check status (starting, healthy, unhealthy), empty when the image has none
 * @param created      RFC 3339 time
 * @param finishedAt   RFC 3339 time, empty when it never stopped
 */
public record RuntimeContainer(String id, String name, String image, String state, int exitCode, String health,
        String created, String finishedAt, int restartCount, Map<String, String> labels) {

    public RuntimeContainer {
        labels = Map.copyOf(labels);
    }

    public boolean managed() {
        return ManagedLabels.isManaged(labels);
    }

    public boolean running() {
        return state.equals("running") || state.equals("restarting");
    }

    public Optional<ContainerSpec> spec() {
        return ManagedLabels.spec(labels);
    }

    public String activity() {
        return labels.getOrDefault(ManagedLabels.ACTIVITY, "");
    }

    /** The same container with another spec label: the one an in-place update really applied. */
    public RuntimeContainer withSpec(ContainerSpec spec) {
        Map<String, String> changed = new java.util.HashMap<>(labels);
        changed.put(ManagedLabels.SPEC, org.vehicleupdate.messages.json.WireJson.gson().toJson(spec));
        return new RuntimeContainer(id, name, image, state, exitCode, health, created, finishedAt, restartCount, changed);
    }

    /** The desired-state name: the label of a managed container (its Docker name may carry the aside suffix). */
    public String logicalName() {
        return labels.getOrDefault(ManagedLabels.NAME, name);
    }
}

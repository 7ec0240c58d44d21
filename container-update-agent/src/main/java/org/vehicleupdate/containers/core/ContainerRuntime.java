package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/** The container runtime (Docker Engine API, Podman's compatible API) as the agent needs it. */
public interface ContainerRuntime {

    /** Every container on the host, managed or not, in any state. */
    List<RuntimeContainer> list() throws ContainerRuntimeException;

    Optional<RuntimeContainer> inspect(String id) throws ContainerRuntimeException;

    /** Pulls the image, reporting progress in percent as layers complete. */
    void pull(String image, IntConsumer progress) throws ContainerRuntimeException;

    /**
     * The digests ({@code sha256:...}) of the manifests the local image {@code image} was pulled by, as the runtime
     * recorded them (Docker's RepoDigests without the repository); empty when it recorded none.
     */
    List<String> imageDigests(String image) throws ContainerRuntimeException;

    /** Creates (does not start) a container; returns its id. */
    String create(String name, ContainerSpec spec, Map<String, String> labels) throws ContainerRuntimeException;

    void rename(String id, String newName) throws ContainerRuntimeException;

    /** Starts it; a container that already runs is fine. */
    void start(String id) throws ContainerRuntimeException;

    /** Stops it with SIGTERM, then SIGKILL after the timeout; a stopped container is fine. */
    void stop(String id, Duration timeout) throws ContainerRuntimeException;

    /** Removes it by force; a container that is already gone is fine. */
    void remove(String id) throws ContainerRuntimeException;

    /**
     * Changes restart policy and memory in place.
     *
     * @return false when the runtime cannot (Podman answers 404), so the caller recreates the container
     */
    boolean updateInPlace(String id, ContainerSpec spec) throws ContainerRuntimeException;
}

package org.vehicleupdate.containers.docker;

import static org.vehicleupdate.containers.docker.ApiCall.call;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.UpdateContainerCmd;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.vehicleupdate.containers.spec.ByteSize;
import org.vehicleupdate.containers.core.ContainerRuntime;
import org.vehicleupdate.containers.core.ContainerRuntimeException;
import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.containers.spec.ExtraHost;
import org.vehicleupdate.containers.spec.LogSettings;
import org.vehicleupdate.containers.spec.MemoryLimits;
import org.vehicleupdate.containers.spec.MountPoint;
import org.vehicleupdate.containers.spec.PortMapping;
import org.vehicleupdate.containers.spec.RestartPolicy;
import org.vehicleupdate.containers.core.RuntimeContainer;

/**
 * The {@link ContainerRuntime} on the Docker Engine API through docker-java, tested against Podman's
 * compatible API: {@code /containers/{id}/update} is 404, {@code State.Health.Status} is empty when the image has no
 * health check; images are {@link DockerImages}.
 */
public final class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DockerContainerRuntime.class.getName());

    private final DockerClient client;
    private final DockerImages images;

    public DockerContainerRuntime(DockerClient client, RegistryCredentials credentials) {
        this.client = client;
        this.images = new DockerImages(client, credentials);
    }

    /** @param dockerHost {@code unix:///run/podman/podman.sock}, {@code tcp://host:2375} */
    public static DockerContainerRuntime connect(String dockerHost, String apiVersion, RegistryCredentials credentials) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .withApiVersion(apiVersion)
                .build();
        EngineHttpClient http = new EngineHttpClient(config.getDockerHost(), Optional.ofNullable(config.getSSLConfig()),
                Duration.ofSeconds(10));
        return new DockerContainerRuntime(DockerClientImpl.getInstance(config, http), credentials);
    }

    @Override
    public List<RuntimeContainer> list() throws ContainerRuntimeException {
        List<Container> containers = call("list containers", () -> client.listContainersCmd().withShowAll(true).exec());
        List<RuntimeContainer> result = new ArrayList<>();
        for (Container container : containers) {
            inspect(container.getId()).ifPresent(result::add);
        }
        return result;
    }

    @Override
    public Optional<RuntimeContainer> inspect(String id) throws ContainerRuntimeException {
        InspectContainerResponse info;
        try {
            info = call("inspect " + id, () -> client.inspectContainerCmd(id).exec());
        } catch (ApiCall.NotFound e) {
            return Optional.empty();
        }
        InspectContainerResponse.ContainerState state = info.getState();
        String health = state.getHealth() == null || state.getHealth().getStatus() == null ? ""
                : state.getHealth().getStatus();
        Map<String, String> labels = info.getConfig() == null || info.getConfig().getLabels() == null ? Map.of()
                : info.getConfig().getLabels();
        return Optional.of(new RuntimeContainer(info.getId(), stripSlash(info.getName()),
                text(info.getConfig() == null ? null : info.getConfig().getImage()), text(state.getStatus()),
                state.getExitCodeLong() == null ? 0 : state.getExitCodeLong().intValue(), health,
                text(info.getCreated()), text(state.getFinishedAt()),
                info.getRestartCount() == null ? 0 : info.getRestartCount(), labels));
    }

    @Override
    public void pull(String image, IntConsumer progress) throws ContainerRuntimeException {
        images.pull(image, progress);
    }

    @Override
    public List<String> imageDigests(String image) throws ContainerRuntimeException {
        return images.digests(image);
    }

    @Override
    public String create(String name, ContainerSpec spec, Map<String, String> labels) throws ContainerRuntimeException {
        CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels)
                .withEnv(spec.env())
                .withTty(spec.terminal())
                .withStdinOpen(spec.interactive())
                .withHostConfig(hostConfig(spec));
        if (!spec.cmd().isEmpty()) {
            cmd.withCmd(spec.cmd());
        }
        List<ExposedPort> exposed = spec.ports().stream().map(DockerContainerRuntime::exposedPort).distinct().toList();
        if (!exposed.isEmpty()) {
            cmd.withExposedPorts(exposed);
        }
        return call("create " + name, cmd::exec).getId();
    }

    private static HostConfig hostConfig(ContainerSpec spec) {
        Ports ports = new Ports();
        for (PortMapping port : spec.ports()) {
            ports.bind(exposedPort(port), new Ports.Binding(port.hostIp(), port.hostPortText()));
        }
        List<Mount> mounts = new ArrayList<>();
        for (MountPoint mount : spec.mounts()) {
            mounts.add(new Mount().withType(MountType.BIND).withSource(mount.source()).withTarget(mount.destination())
                    .withBindOptions(new BindOptions().withPropagation(propagation(mount.propagation()))));
        }
        List<String> hosts = spec.hosts().stream().map(DockerContainerRuntime::extraHost).toList();
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(ports)
                .withMounts(mounts)
                .withDevices(spec.devices().stream()
                        .map(d -> new Device(d.permissions(), d.containerPath(), d.hostPath())).toList())
                .withExtraHosts(hosts.toArray(String[]::new))
                .withNetworkMode(spec.network())
                .withPrivileged(spec.privileged())
                .withRestartPolicy(restartPolicy(spec.restartPolicy()))
                .withLogConfig(logConfig(spec.log()));
        MemoryLimits memory = spec.memory();
        if (!memory.memory().isEmpty()) {
            host.withMemory(memory.memoryBytes());
        }
        if (!memory.reservation().isEmpty()) {
            host.withMemoryReservation(memory.reservationBytes());
        }
        if (!memory.swap().isEmpty()) {
            host.withMemorySwap(memory.swapBytes());
        }
        return host;
    }

    private static ExposedPort exposedPort(PortMapping port) {
        return new ExposedPort(port.containerPort(), InternetProtocol.parse(port.protocol()));
    }

    /** Kanto's host_ip (the host's address) is Docker's host-gateway. */
    private static String extraHost(ExtraHost host) {
        return host.name() + ":" + (host.pointsToHost() ? "host-gateway" : host.address());
    }

    private static BindPropagation propagation(String kanto) {
        return switch (kanto) {
            case "private" -> BindPropagation.PRIVATE;
            case "rshared" -> BindPropagation.R_SHARED;
            case "shared" -> BindPropagation.SHARED;
            case "rslave" -> BindPropagation.R_SLAVE;
            case "slave" -> BindPropagation.SLAVE;
            default -> BindPropagation.R_PRIVATE;
        };
    }

    private static com.github.dockerjava.api.model.RestartPolicy restartPolicy(RestartPolicy policy) {
        return switch (policy.type()) {
            case "no" -> com.github.dockerjava.api.model.RestartPolicy.noRestart();
            case "always" -> com.github.dockerjava.api.model.RestartPolicy.alwaysRestart();
            case "on-failure" -> com.github.dockerjava.api.model.RestartPolicy.onFailureRestart(policy.maxRetries());
            default -> com.github.dockerjava.api.model.RestartPolicy.unlessStoppedRestart();
        };
    }

    /** Kanto's log path has no Docker equivalent and is not passed; the sizes go as bytes. */
    private static LogConfig logConfig(LogSettings log) {
        if (log.driver().equals("none")) {
            return new LogConfig(LogConfig.LoggingType.NONE, Map.of());
        }
        Map<String, String> options = new HashMap<>();
        options.put("max-size", Long.toString(ByteSize.parse(log.maxSize())));
        options.put("max-file", Integer.toString(log.maxFiles()));
        if (log.mode().equals("non-blocking")) {
            options.put("mode", "non-blocking");
            options.put("max-buffer-size", Long.toString(ByteSize.parse(log.maxBufferSize())));
        }
        return new LogConfig(LogConfig.LoggingType.JSON_FILE, options);
    }

    @Override
    public void rename(String id, String newName) throws ContainerRuntimeException {
        call("rename " + id + " to " + newName, () -> client.renameContainerCmd(id).withName(newName).exec());
    }

    @Override
    public void start(String id) throws ContainerRuntimeException {
        try {
            call("start " + id, () -> client.startContainerCmd(id).exec());
        } catch (ApiCall.NotModified e) {
            LOG.log(System.Logger.Level.DEBUG, "container " + id + " already runs");
        }
    }

    @Override
    public void stop(String id, Duration timeout) throws ContainerRuntimeException {
        try {
            call("stop " + id, () -> client.stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec());
        } catch (ApiCall.NotModified e) {
            LOG.log(System.Logger.Level.DEBUG, "container " + id + " is already stopped");
        }
    }

    @Override
    public void remove(String id) throws ContainerRuntimeException {
        try {
            // stopped first: Podman restarts an exited container with a restart policy at once, and a forced
            // remove that meets it in the middle of that restart fails
            stop(id, Duration.ZERO);
            call("remove " + id, () -> client.removeContainerCmd(id).withForce(true).exec());
        } catch (ApiCall.NotFound e) {
            LOG.log(System.Logger.Level.DEBUG, "container " + id + " is already gone");
        }
    }

    @Override
    public boolean updateInPlace(String id, ContainerSpec spec) throws ContainerRuntimeException {
        MemoryLimits memory = spec.memory();
        if (!memory.isSet() && hasMemoryLimit(id)) {
            // the update endpoint can set limits but not remove them
            return false;
        }
        UpdateContainerCmd cmd = client.updateContainerCmd(id).withRestartPolicy(restartPolicy(spec.restartPolicy()));
        if (!memory.memory().isEmpty()) {
            cmd.withMemory(memory.memoryBytes());
        }
        if (!memory.reservation().isEmpty()) {
            cmd.withMemoryReservation(memory.reservationBytes());
        }
        if (!memory.swap().isEmpty()) {
            cmd.withMemorySwap(memory.swapBytes());
        }
        try {
            call("update " + id, cmd::exec);
            return true;
        } catch (ApiCall.NotFound e) {
            if (inspect(id).isEmpty()) {
                throw new ContainerRuntimeException("no such container " + id);
            }
            // Podman: POST /containers/{id}/update is not implemented
            return false;
        }
    }

    private boolean hasMemoryLimit(String id) throws ContainerRuntimeException {
        InspectContainerResponse info = call("inspect " + id, () -> client.inspectContainerCmd(id).exec());
        Long limit = info.getHostConfig() == null ? null : info.getHostConfig().getMemory();
        return limit != null && limit > 0;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Docker client: " + e.getMessage());
        }
    }

    private static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : text(name);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}

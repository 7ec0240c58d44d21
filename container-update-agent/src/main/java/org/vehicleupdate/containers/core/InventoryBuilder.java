package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.containers.spec.RestartPolicy;
import org.vehicleupdate.containers.spec.LogSettings;
import org.vehicleupdate.containers.spec.ImageVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

/**
 * Kanto's current-state inventory (non-verbose): the agent node, then one CONTAINER node per container on
 * the host, with the desired-state keys in Kanto's order and defaults left out, then the runtime keys.
 * Containers the agent did not create have no spec label; they show their image and runtime state only.
 */
public final class InventoryBuilder {
    public static final String AGENT_NAME = "Vehicle Update Containers Update Agent";

    private InventoryBuilder() {
    }

    public static Inventory build(AgentSettings settings, List<RuntimeContainer> containers) {
        String agentId = settings.domain() + "-update-agent";
        List<SoftwareNode> nodes = new ArrayList<>();
        List<Association> associations = new ArrayList<>();
        nodes.add(new SoftwareNode(agentId, settings.agentVersion(), AGENT_NAME,
                List.of(new KeyValue("domain", settings.domain())), SoftwareType.APPLICATION));
        for (RuntimeContainer container : containers) {
            String id = settings.domain() + ":" + container.name();
            nodes.add(new SoftwareNode(id, ImageVersion.of(container.image()), "", parameters(container),
                    SoftwareType.CONTAINER));
            associations.add(new Association(agentId, id));
        }
        return new Inventory(List.of(), nodes, associations);
    }

    static List<KeyValue> parameters(RuntimeContainer container) {
        List<KeyValue> p = new ArrayList<>();
        Optional<ContainerSpec> found = container.spec();
        if (found.isEmpty()) {
            add(p, "image", container.image());
        } else {
            ContainerSpec spec = found.get();
            add(p, "image", spec.image());
            add(p, "imageDigest", spec.imageDigest());
            if (spec.terminal()) {
                add(p, "terminal", "true");
            }
            if (spec.interactive()) {
                add(p, "interactive", "true");
            }
            if (spec.privileged()) {
                add(p, "privileged", "true");
            }
            RestartPolicy restart = spec.restartPolicy();
            if (!restart.type().equals(RestartPolicy.DEFAULT.type())) {
                add(p, "restartPolicy", restart.type());
            }
            if (restart.maxRetries() != 0) {
                add(p, "restartMaxRetries", Integer.toString(restart.maxRetries()));
            }
            if (restart.timeoutSeconds() != 0) {
                add(p, "restartTimeout", GoDuration.format(Duration.ofSeconds(restart.timeoutSeconds())));
            }
            spec.devices().forEach(d -> add(p, "device", d.format()));
            spec.ports().forEach(port -> add(p, "port", port.format()));
            if (!spec.network().equals("bridge")) {
                add(p, "network", spec.network());
            }
            spec.hosts().forEach(h -> add(p, "host", h.format()));
            log(p, spec.log());
            add(p, "memory", spec.memory().memory());
            add(p, "memoryReservation", spec.memory().reservation());
            add(p, "memorySwap", spec.memory().swap());
            spec.mounts().forEach(m -> add(p, "mount", m.format()));
            spec.env().forEach(e -> add(p, "env", e));
            spec.cmd().forEach(c -> add(p, "cmd", c));
        }
        add(p, "status", status(container.state()));
        if (!container.running()) {
            add(p, "finishedAt", container.finishedAt().startsWith("0001-") ? "" : container.finishedAt());
            if (container.exitCode() != 0) {
                add(p, "exitCode", Integer.toString(container.exitCode()));
            }
        }
        add(p, "created", container.created());
        if (container.restartCount() != 0) {
            add(p, "restartCount", Integer.toString(container.restartCount()));
        }
        return p;
    }

    private static void log(List<KeyValue> p, LogSettings log) {
        LogSettings d = LogSettings.DEFAULT;
        if (!log.driver().equals(d.driver())) {
            add(p, "logDriver", log.driver());
        }
        if (log.driver().equals("json-file")) {
            if (log.maxFiles() != d.maxFiles()) {
                add(p, "logMaxFiles", Integer.toString(log.maxFiles()));
            }
            if (!log.maxSize().equals(d.maxSize())) {
                add(p, "logMaxSize", log.maxSize());
            }
            add(p, "logPath", log.path());
        }
        if (!log.mode().equals(d.mode())) {
            add(p, "logMode", log.mode());
        }
        if (log.mode().equals("non-blocking") && !log.maxBufferSize().equals("1M")) {
            add(p, "logMaxBufferSize", log.maxBufferSize());
        }
    }

    /** Kanto's status words. */
    static String status(String dockerState) {
        return switch (dockerState) {
            case "created", "configured", "initialized" -> "Created";
            case "running", "restarting" -> "Running";
            case "paused" -> "Paused";
            case "exited", "stopped" -> "Exited";
            case "dead" -> "Dead";
            case "removing", "stopping" -> "Stopped";
            default -> "Unknown";
        };
    }

    private static void add(List<KeyValue> p, String key, String value) {
        if (!value.isEmpty()) {
            p.add(new KeyValue(key, value));
        }
    }
}

package org.vehicleupdate.containers.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real rootful Podman with its Docker API socket and a local registry, through deploy/lib/podman-sim.sh, on a
 * state directory and registry port of this module's tests only. Test containers are named {@code cuait-*}.
 */
final class PodmanSim {
    static final Path STATE = Path.of("/tmp/cua-it");
    static final int REGISTRY_PORT = 5055;
    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("deploy/lib/podman-sim.sh");

    final String dockerHost;
    final String registry;
    private final Map<String, String> env = new HashMap<>();

    private PodmanSim() {
        this.dockerHost = "unix://" + STATE.resolve("podman.sock");
        this.registry = "127.0.0.1:" + REGISTRY_PORT;
        env.put("CONTAINERS_CONF", STATE.resolve("containers.conf").toString());
        env.put("CONTAINERS_STORAGE_CONF", STATE.resolve("storage.conf").toString());
        env.put("CONTAINERS_REGISTRIES_CONF", STATE.resolve("registries.conf").toString());
    }

    /** Starts (or finds running) Podman and the registry, with the demo images pushed. */
    static PodmanSim start() {
        run(List.of(SCRIPT.toString(), "--state", STATE.toString(), "start", "--registry-port",
                Integer.toString(REGISTRY_PORT)), Map.of(), 600);
        run(List.of(SCRIPT.toString(), "--state", STATE.toString(), "images"), Map.of(), 600);
        return new PodmanSim();
    }

    String image(String nameAndTag) {
        return registry + "/" + nameAndTag;
    }

    void purgeContainers() {
        run(List.of(SCRIPT.toString(), "--state", STATE.toString(), "purge-containers"), Map.of(), 120);
        // a container of a test that was not created by the agent has no label: remove those by name
        for (String name : podman("ps", "-a", "--format", "{{.Names}}").lines().toList()) {
            if (name.startsWith("cuait-")) {
                podman("rm", "-f", name);
            }
        }
    }

    /** Removes the local copies of the demo images, so that the next pull really downloads. */
    void removeLocalImages() {
        podman("image", "prune", "-a", "-f");
    }

    void stop() {
        purgeContainers();
        run(List.of(SCRIPT.toString(), "--state", STATE.toString(), "stop"), Map.of(), 120);
    }

    String podman(String... args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(List.of(args));
        return run(command, env, 120);
    }

    /** {@code podman inspect -f} of one container, or empty when there is none. */
    String inspect(String name, String format) {
        return podman("ps", "-a", "--filter", "name=^" + name + "$", "--format", format).strip();
    }

    static String run(List<String> command, Map<String, String> env, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Path log = Files.createTempFile("podman-sim", ".log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}

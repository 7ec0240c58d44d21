package org.vehicleupdate.containers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vehicleupdate.containers.it.AgentDriver.component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.containers.app.AgentConfig;
import org.vehicleupdate.containers.app.AgentRuntime;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/**
 * Ten new containers from the local registry to running: the agent driven over MQTT through every phase (its
 * pulls, creates and starts {@code containers.parallel-operations} at a time, default 4), then a shell script with
 * podman pull/create/start, one after the other, each starting without the image. The agent's target (issue 11) is
 * the script's time plus the one stays-up window ACTIVATE gives all the containers it started.
 */
@Tag("bench")
class TenContainersBenchmarkTest {
    private static final int COUNT = 10;
    @TempDir
    Path dataDir;

    @Test
    void agentAgainstPodmanCli() throws Exception {
        PodmanSim podman = PodmanSim.start();
        String image = podman.image("demo/app:v1");
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            podman.purgeContainers();
            podman.removeLocalImages();
            Map<String, String> config = new HashMap<>();
            config.put("mqtt.url", broker.url());
            config.put("mqtt.clean-session", "true");
            config.put("containers.docker-host", podman.dockerHost);
            config.put("containers.journal", dataDir.resolve("container-update-agent.journal").toString());
            AgentConfig agentConfig = AgentConfig.read(k -> Optional.ofNullable(config.get(k)), k -> null);
            List<String> components = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                components.add(component("cuait-bench-" + i, "v1", "image", image));
            }
            long agentMillis;
            Map<String, Long> firstSeen = new HashMap<>();
            try (AgentRuntime agent = AgentRuntime.start(agentConfig); AgentDriver um = new AgentDriver(broker.url())) {
                agent.awaitConnected(Duration.ofSeconds(20));
                um.awaitAgentListening();
                long start = System.nanoTime();
                String status = um.apply("bench", null, components.toArray(String[]::new)).get("status").getAsString();
                agentMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals("COMPLETED", status);
                for (String text : um.client.on(AgentDriver.FEEDBACK)) {
                    com.google.gson.JsonObject envelope = com.google.gson.JsonParser.parseString(text).getAsJsonObject();
                    firstSeen.putIfAbsent(envelope.getAsJsonObject("payload").get("status").getAsString(),
                            envelope.get("timestamp").getAsLong());
                }
            }
            assertEquals(COUNT, running(podman));

            podman.purgeContainers();
            podman.removeLocalImages();
            StringBuilder script = new StringBuilder("set -e\n");
            for (int i = 0; i < COUNT; i++) {
                script.append("podman pull -q ").append(image).append(" >/dev/null\n")
                        .append("podman create -q --name cuait-bench-").append(i).append(" ").append(image)
                        .append(" >/dev/null\n")
                        .append("podman start cuait-bench-").append(i).append(" >/dev/null\n");
            }
            Map<String, String> env = new HashMap<>();
            env.put("CONTAINERS_CONF", PodmanSim.STATE.resolve("containers.conf").toString());
            env.put("CONTAINERS_STORAGE_CONF", PodmanSim.STATE.resolve("storage.conf").toString());
            env.put("CONTAINERS_REGISTRIES_CONF", PodmanSim.STATE.resolve("registries.conf").toString());
            long start = System.nanoTime();
            PodmanSim.run(List.of("bash", "-c", script.toString()), env, 600);
            long scriptMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(COUNT, running(podman));
            podman.purgeContainers();

            System.out.printf("%nBENCH %d new containers from the local registry to running:%n", COUNT);
            System.out.printf("BENCH   agent, desired state to COMPLETED over MQTT:           %d ms%n", agentMillis);
            System.out.printf("BENCH     of which DOWNLOAD (1 pull + %d creates, %d at a time):   %d ms%n", COUNT,
                    agentConfig.settings().parallelOperations(),
                    firstSeen.get("DOWNLOAD_SUCCESS") - firstSeen.get("DOWNLOADING"));
            System.out.printf("BENCH     of which ACTIVATE (%d starts + one %d ms stays-up window): %d ms%n", COUNT,
                    agentConfig.settings().startupCheck().toMillis(),
                    firstSeen.get("ACTIVATION_SUCCESS") - firstSeen.get("ACTIVATING"));
            System.out.printf("BENCH   shell script (podman pull/create/start per container):   %d ms%n", scriptMillis);
            System.out.printf("BENCH   target: script + one stays-up window = %d ms; the agent is %+d ms from it%n",
                    scriptMillis + agentConfig.settings().startupCheck().toMillis(),
                    agentMillis - scriptMillis - agentConfig.settings().startupCheck().toMillis());
        } finally {
            podman.stop();
        }
    }

    private static int running(PodmanSim podman) {
        return (int) podman.podman("ps", "--filter", "status=running", "--format", "{{.Names}}").lines()
                .filter(n -> n.startsWith("cuait-bench-")).count();
    }
}

package org.vehicleupdate.containers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vehicleupdate.containers.it.AgentDriver.component;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/** The agent killed with SIGKILL in the middle of an update, then started again on the same journal. */
class AgentKillTest {
    private static PodmanSim podman;
    private static EmbeddedBroker broker;
    @TempDir
    Path dataDir;
    private final List<Process> agents = new ArrayList<>();

    @BeforeAll
    static void startPodmanAndBroker() {
        podman = PodmanSim.start();
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopAll() {
        broker.close();
        podman.stop();
    }

    @AfterEach
    void killAgents() {
        agents.forEach(Process::destroyForcibly);
    }

    private Process startAgent() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dmqtt.url=" + broker.url(),
                "-Dmqtt.client-id=cua-kill-test",
                "-Dcontainers.docker-host=" + podman.dockerHost,
                "-Dcontainers.journal=" + dataDir.resolve("container-update-agent.journal"),
                "-Dcontainers.stop-timeout=4s",
                "-Dcontainers.startup-check=1s",
                AgentProcessMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("agent-" + agents.size() + ".log").toFile()).start();
        agents.add(process);
        return process;
    }

    private Map<String, String> state(String name) {
        return Map.of("id", podman.podman("inspect", "--format", "{{.ID}}", name).strip(),
                "image", podman.podman("inspect", "--format", "{{.ImageName}}", name).strip(),
                "state", podman.podman("inspect", "--format", "{{.State.Status}}", name).strip());
    }

    @Test
    void killedDuringUpdateTheRestartedAgentReportsItAndRollbackRestoresTheOldContainer() throws Exception {
        podman.purgeContainers();
        // v1 ignores SIGTERM, so the agent's UPDATE waits for the stop timeout: the moment to kill it
        String v1 = component("cuait-app", "v1", "image", podman.image("demo/app:v1"),
                "cmd", "sh", "cmd", "-c", "cmd", "trap '' TERM; while true; do sleep 1; done");
        String v2 = component("cuait-app", "v2", "image", podman.image("demo/app:v2"));
        try (AgentDriver um = new AgentDriver(broker.url())) {
            Process first = startAgent();
            um.awaitAgentListening();
            assertEquals("COMPLETED", um.apply("k1", null, v1).get("status").getAsString());
            Map<String, String> before = state("cuait-app");
            assertEquals("running", before.get("state"));

            um.desiredState("k2", null, v2);
            um.awaitStatus("k2", "IDENTIFIED");
            um.command("k2", "DOWNLOAD");
            um.awaitStatus("k2", "DOWNLOAD_SUCCESS");
            um.command("k2", "UPDATE");
            um.awaitStatus("k2", "UPDATING");
            first.destroyForcibly().waitFor();
            um.client.clear();

            startAgent();
            um.awaitAgentListening();
            JsonObject resumed = um.awaitStatus("k2", "UPDATE_FAILURE");
            assertTrue(resumed.get("message").getAsString().startsWith("The agent was restarted during UPDATE"),
                    resumed.toString());
            // ROLLBACK at once, while Podman still executes the stop the dead agent asked for
            um.command("k2", "ROLLBACK");
            assertEquals("ROLLBACK_SUCCESS", um.awaitStatus("k2", "ROLLBACK_SUCCESS", "ROLLBACK_FAILURE")
                    .get("status").getAsString());
            um.command("k2", "CLEANUP");
            assertEquals("INCOMPLETE", um.awaitStatus("k2", "INCOMPLETE", "COMPLETED").get("status").getAsString());

            Map<String, String> after = state("cuait-app");
            assertEquals(before.get("id"), after.get("id"));
            assertEquals("running", after.get("state"));
            assertEquals("", podman.podman("ps", "-a", "--filter", "name=vu-previous", "--format", "{{.Names}}").strip());
            assertEquals(1, podman.podman("ps", "-a", "--filter", "label=vehicle-update.managed=true", "--format",
                    "{{.Names}}").lines().count());
        }
    }
}

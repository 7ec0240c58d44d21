package org.vehicleupdate.containers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vehicleupdate.containers.it.AgentDriver.component;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.FootprintRun;
import org.vehicleupdate.kit.testing.ServiceProcess;

/**
 * The packaged container update agent as it is deployed (deploy/jvm/run-service.sh: the shipped JVM flags and
 * class-data archive) on real Podman (podman-sim): the time from process start to its retained current state, and
 * its resident memory idle and after 100 and 1,000 desired states. One container is brought up through every
 * phase first; each desired state after it asks for that same container, so the agent does its whole
 * identification (the message read and checked, the containers listed and compared through the Docker API, its
 * journal, its feedback) without pulling and starting containers, which would measure Podman. Run as root after
 * {@code mvn package} (deploy/bench.sh, or
 * {@code mvn -pl container-update-agent -am test -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=ContainerAgentFootprintBenchmark -Dsurefire.failIfNoSpecifiedTests=false}).
 */
@Tag("bench")
class ContainerAgentFootprintBenchmark {
    private static final int UPDATES = 1000;

    @TempDir
    Path dataDir;

    @Test
    void startAndResidentMemoryOverAThousandDesiredStates() throws Exception {
        PodmanSim podman = PodmanSim.start();
        podman.purgeContainers();
        String app = component("cuait-footprint", "v1", "image", podman.image("demo/app:v1"));
        try (EmbeddedBroker broker = EmbeddedBroker.start(); AgentDriver um = new AgentDriver(broker.url())) {
            try (ServiceProcess agent = ServiceProcess.start(Path.of(""), Map.of(
                    "MQTT_URL", broker.url(),
                    "MQTT_CLIENT_ID", "cua-bench-" + ProcessHandle.current().pid(),
                    "MQTT_CLEAN_SESSION", "true",
                    "CONTAINERS_DOCKER_HOST", podman.dockerHost,
                    "CONTAINERS_JOURNAL", dataDir.resolve("operation.json").toString()), dataDir.resolve("agent.log"))) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> !um.client.on(AgentDriver.CURRENT_STATE).isEmpty());
                FootprintRun.Figures run = FootprintRun.measure(agent, 1, UPDATES, number -> {
                    String id = "bench-" + number;
                    if (number < 1) {
                        assertEquals("COMPLETED", um.apply(id, null, app).get("status").getAsString());
                        return;
                    }
                    um.desiredState(id, null, app);
                    um.awaitStatus(id, "COMPLETED");
                    if (number % 100 == 0) {
                        um.client.clear();
                    }
                });
                System.out.print(run.memoryLine("container-update-agent", "retained current state", "desired states"));
                System.out.printf(Locale.ROOT, "BENCH container-update-agent: %.1f ms per desired state to COMPLETED, CPU "
                        + "%.2f ms each (100-1,000); %s%n", run.millisPerUpdate(), run.cpuMillisPerUpdate(),
                        ServiceProcess.jvmDescription());
                System.out.print(agent.memoryBreakdown());
            }
        } finally {
            podman.stop();
        }
    }
}

package org.vehicleupdate.containers.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vehicleupdate.containers.it.AgentDriver.component;
import static org.vehicleupdate.kit.testing.ServiceProcess.mib;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
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
                long startMillis = agent.millisSinceStart();
                Thread.sleep(5000); // what it holds once the start's work is done
                double idle = agent.residentMiB();
                assertEquals("COMPLETED", um.apply("bench-0", null, app).get("status").getAsString());

                double after100 = 0;
                long cpuAt100 = 0;
                long t0 = System.nanoTime();
                for (int i = 1; i <= UPDATES; i++) {
                    String id = "bench-" + i;
                    um.desiredState(id, null, app);
                    um.awaitStatus(id, "COMPLETED");
                    if (i == 100) {
                        after100 = agent.residentMiB();
                        cpuAt100 = agent.cpuMillis();
                    }
                    if (i % 100 == 0) {
                        um.client.clear();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double after1000 = agent.residentMiB();
                System.out.printf(Locale.ROOT, "%nBENCH container-update-agent: start to retained current state %d ms; RSS idle "
                        + "%s, after 100 desired states %s, after 1,000 %s (growth 100 -> 1,000: %s)%n", startMillis,
                        mib(idle), mib(after100), mib(after1000), mib(after1000 - after100));
                System.out.printf(Locale.ROOT, "BENCH container-update-agent: %.1f ms per desired state to COMPLETED, CPU "
                        + "%.2f ms each (100-1,000); %s%n", seconds * 1000 / UPDATES,
                        (agent.cpuMillis() - cpuAt100) / (double) (UPDATES - 100), ServiceProcess.jvmDescription());
                System.out.print(agent.memoryBreakdown());
            }
        } finally {
            podman.stop();
        }
    }
}

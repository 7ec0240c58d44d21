package org.vehicleupdate.allinone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.vehicleupdate.kit.testing.TestMqttClient;

/**
 * The single layout's process as it is deployed (deploy/jvm/run-service.sh: the shipped JVM flags and class-data
 * archive) with the update-manager and both agents in it, on a real RAUC (rauc-sim) and Podman (podman-sim): the
 * time from process start to the three retained current states, and its resident memory idle and after 100 and
 * 1,000 updates. Each update goes through all three services: the OS version the vehicle runs and no containers,
 * so each agent does its whole identification (slots read over D-Bus, containers listed through the Docker API,
 * journals, feedback) without an install, which would measure RAUC and Podman. Run as root after {@code mvn
 * package} (deploy/bench.sh all-in-one).
 */
@Tag("bench")
class AllInOneFootprintBenchmark {
    private static final String FEEDBACK = "vehicleupdate/desiredstatefeedback";
    private static final int UPDATES = 1000;

    @TempDir
    Path dataDir;

    @Test
    void startAndResidentMemoryOverAThousandUpdates() throws Exception {
        String reason = DeviceSims.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason);
        try (DeviceSims sims = DeviceSims.start(); EmbeddedBroker broker = EmbeddedBroker.start();
                TestMqttClient operator = new TestMqttClient(broker.url()).subscribe(FEEDBACK,
                        "vehicleupdate/currentstate", "selfupdate/currentstate", "containersupdate/currentstate")) {
            String installed = sims.installedVersion();
            // kept after the run: what the process said is the first thing to read when a figure looks wrong
            Path log = Path.of("target/all-in-one-bench.log").toAbsolutePath();
            java.nio.file.Files.deleteIfExists(log);
            try (ServiceProcess process = ServiceProcess.start(Path.of(""), Map.ofEntries(
                    Map.entry("MQTT_URL", broker.url()),
                    Map.entry("UPDATE_MANAGER_CONFIG_FILE", "none"),
                    Map.entry("SELF_UPDATE_AGENT_CONFIG_FILE", "none"),
                    Map.entry("CONTAINER_UPDATE_AGENT_CONFIG_FILE", "none"),
                    Map.entry("UM_DATA_DIR", dataDir.resolve("update-manager").toString()),
                    Map.entry("UM_REBOOT_ENABLED", "false"),
                    Map.entry("SELFUPDATE_DATA_DIR", dataDir.resolve("self-update-agent").toString()),
                    Map.entry("SELFUPDATE_DBUS_ADDRESS", sims.dbusAddress),
                    Map.entry("SELFUPDATE_BOOT_ID_FILE", sims.bootIdFile.toString()),
                    Map.entry("SELFUPDATE_DOWNLOAD_ALLOWED_SCHEMES", "http,https"),
                    Map.entry("CONTAINERS_DOCKER_HOST", sims.dockerHost),
                    Map.entry("CONTAINERS_JOURNAL", dataDir.resolve("container-update-agent/journal").toString())),
                    log)) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                        .until(() -> !operator.on("vehicleupdate/currentstate").isEmpty()
                                && !operator.on("selfupdate/currentstate").isEmpty()
                                && !operator.on("containersupdate/currentstate").isEmpty());
                FootprintRun.Figures run = FootprintRun.measure(process, 0, UPDATES, number -> {
                    String id = "bench-" + number;
                    operator.publish("vehicleupdate/desiredstate", desiredState(id, installed));
                    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                            .failFast("the process ended; see " + log, () -> !process.isAlive())
                            .failFast(id + " did not complete; see " + log, () -> endedOtherwise(operator, id))
                            .until(() -> completed(operator, id));
                    if (number % 100 == 0) {
                        operator.clear();
                    }
                });
                System.out.print(run.memoryLine("all-in-one", "the three retained current states", "updates"));
                System.out.printf(Locale.ROOT, "BENCH all-in-one: %.1f ms per update (both domains, no change) to"
                        + " COMPLETED, CPU %.2f ms each (100-1,000); %s%n", run.millisPerUpdate(),
                        run.cpuMillisPerUpdate(), ServiceProcess.jvmDescription());
                System.out.print(process.memoryBreakdown());
            }
        }
    }

    private static boolean completed(TestMqttClient operator, String id) {
        return operator.on(FEEDBACK).stream().anyMatch(m -> m.contains("\"" + id + "\"")
                && m.contains("\"COMPLETED\""));
    }

    private static boolean endedOtherwise(TestMqttClient operator, String id) {
        return operator.on(FEEDBACK).stream().anyMatch(m -> m.contains("\"" + id + "\"")
                && (m.contains("\"INCOMPLETE\"") || m.contains("\"IDENTIFICATION_FAILED\"")));
    }

    private static String desiredState(String id, String version) {
        return "{\"activityId\":\"" + id + "\",\"timestamp\":1,\"payload\":{\"domains\":["
                + "{\"id\":\"self-update\",\"components\":[{\"id\":\"os-image\",\"version\":\"" + version + "\","
                + "\"config\":[{\"key\":\"image\",\"value\":\"http://127.0.0.1:1/os.raucb\"}]}]},"
                + "{\"id\":\"containers\",\"components\":[]}]}}";
    }
}

package org.vehicleupdate.selfupdate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.FootprintRun;
import org.vehicleupdate.kit.testing.ServiceProcess;
import org.vehicleupdate.kit.testing.TestMqttClient;

/**
 * The packaged self-update agent as it is deployed (deploy/jvm/run-service.sh: the shipped JVM flags and
 * class-data archive) on a real RAUC (rauc-sim): the time from process start to its retained current state, and
 * its resident memory idle and after 100 and 1,000 desired states. Each desired state asks for the OS version the
 * vehicle already runs, so the agent does its whole identification (the message read and checked, the slots read
 * from RAUC over D-Bus, its journal, its feedback) without the seconds of an install, which would measure RAUC.
 * Run as root after {@code mvn package} (deploy/bench.sh, or
 * {@code mvn -pl self-update-agent -am test -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=SelfUpdateAgentFootprintBenchmark -Dsurefire.failIfNoSpecifiedTests=false}).
 */
@Tag("bench")
class SelfUpdateAgentFootprintBenchmark {
    private static final String FEEDBACK = "selfupdate/desiredstatefeedback";
    private static final String CURRENT_STATE = "selfupdate/currentstate";
    private static final int UPDATES = 1000;

    @Test
    void startAndResidentMemoryOverAThousandDesiredStates() throws Exception {
        String reason = RaucSim.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: rauc-sim cannot run here: " + reason);
        RaucSim sim = RaucSim.setUp("bench" + ProcessHandle.current().pid());
        String bus = sim.start();
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                TestMqttClient mqtt = new TestMqttClient(broker.url()).subscribe(FEEDBACK, CURRENT_STATE)) {
            Path log = sim.state().resolve("agent.log");
            try (ServiceProcess agent = ServiceProcess.start(Path.of(""), Map.of(
                    "MQTT_URL", broker.url(),
                    "MQTT_CLIENT_ID", "sua-bench-" + ProcessHandle.current().pid(),
                    "SELFUPDATE_DATA_DIR", sim.state().resolve("agent").toString(),
                    "SELFUPDATE_DBUS_ADDRESS", bus,
                    "SELFUPDATE_BOOT_ID_FILE", sim.bootIdFile().toString(),
                    "SELFUPDATE_DOWNLOAD_ALLOWED_SCHEMES", "http,https"), log)) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> !mqtt.on(CURRENT_STATE).isEmpty());
                String installed = sim.slotVersion("A");
                FootprintRun.Figures run = FootprintRun.measure(agent, 0, UPDATES, number -> {
                    String id = "bench-" + number;
                    mqtt.publish("selfupdate/desiredstate", desiredState(id, installed));
                    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> completed(mqtt, id));
                    if (number % 100 == 0) {
                        mqtt.clear();
                    }
                });
                System.out.print(run.memoryLine("self-update-agent", "retained current state", "desired states"));
                System.out.printf(Locale.ROOT, "BENCH self-update-agent: %.1f ms per desired state to COMPLETED, CPU %.2f ms "
                        + "each (100-1,000); %s%n", run.millisPerUpdate(), run.cpuMillisPerUpdate(),
                        ServiceProcess.jvmDescription());
                System.out.print(agent.memoryBreakdown());
            }
        } finally {
            sim.stop();
        }
    }

    private static boolean completed(TestMqttClient mqtt, String id) {
        return mqtt.on(FEEDBACK).stream().anyMatch(m -> m.contains("\"" + id + "\"") && m.contains("\"COMPLETED\""));
    }

    private static String desiredState(String id, String version) {
        return "{\"activityId\":\"" + id + "\",\"timestamp\":1,\"payload\":{\"domains\":[{\"id\":\"self-update\","
                + "\"components\":[{\"id\":\"os-image\",\"version\":\"" + version + "\",\"config\":[{\"key\":\"image\","
                + "\"value\":\"http://127.0.0.1:1/os.raucb\"}]}]}]}}";
    }
}

package org.vehicleupdate.updatemanager.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.mqtt.NoDelaySocketFactory;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.FootprintRun;
import org.vehicleupdate.kit.testing.ServiceProcess;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/**
 * The packaged update-manager as it is deployed (deploy/jvm/run-service.sh: the shipped JVM flags and class-data
 * archive) with two scripted agents that answer at once: the time from process start to its retained current
 * state, its resident memory idle and after 100 and 1,000 two-domain updates, publish to COMPLETED (median of the
 * first 100 after 10 warm-up ones) and the CPU time per update. Run after {@code mvn package} with
 * {@code mvn -pl update-manager verify -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=UpdateManagerBenchmark}
 * (or deploy/bench.sh); {@code -Dbench.java=...}, {@code -Dbench.jvm="..."} and {@code -Dbench.data-dir=/dev/shm/x}
 * (the journal on tmpfs) compare.
 */
@Tag("bench")
class UpdateManagerBenchmark {
    private static final int WARM_UP = 10;
    private static final int UPDATES = 1000;

    @TempDir
    Path dataDir;

    @Test
    void startMemoryAndTimeToCompleted() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                ScriptedAgent containers = new ScriptedAgent(broker.url(), "containers", "1.0").start();
                ScriptedAgent selfUpdate = new ScriptedAgent(broker.url(), "self-update", "1.0").start()) {
            Map<String, CountDownLatch> completed = new ConcurrentHashMap<>();
            CountDownLatch currentState = new CountDownLatch(1);
            MqttClient operator = operator(broker.url(), completed, currentState);
            try (ServiceProcess manager = ServiceProcess.start(Path.of(""), Map.of(
                    "MQTT_URL", broker.url(),
                    "MQTT_CLIENT_ID", "update-manager-bench-" + UUID.randomUUID(),
                    "UM_DATA_DIR", System.getProperty("bench.data-dir", dataDir.resolve("data").toString()),
                    "UM_AGENTS_SELF_UPDATE_REBOOT_REQUIRED", "false"), dataDir.resolve("manager.log"))) {
                if (!currentState.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no retained current state; see " + dataDir.resolve("manager.log"));
                }
                FootprintRun.Figures run = FootprintRun.measure(manager, WARM_UP, UPDATES,
                        number -> update(operator, completed, "bench-" + number));
                System.out.print(run.memoryLine("update-manager", "retained current state", "updates"));
                System.out.printf(Locale.ROOT, "BENCH update-manager: publish -> COMPLETED median %.1f ms, p90 %.1f ms, "
                        + "max %.1f ms (updates %d-%d); CPU %.2f ms per update (updates 100-1,000); %s%n",
                        run.medianMillis(), run.p90Millis(), run.maxMillis(), WARM_UP + 1, WARM_UP + 100,
                        run.cpuMillisPerUpdate(), ServiceProcess.jvmDescription());
                System.out.print(manager.memoryBreakdown());
            } finally {
                operator.disconnect();
                operator.close();
            }
        }
    }

    /** One two-domain update from publish to COMPLETED. */
    private static void update(MqttClient operator, Map<String, CountDownLatch> completed, String id)
            throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        completed.put(id, done);
        operator.publish("vehicleupdate/desiredstate", message(id), 1, false);
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(id + " did not complete");
        }
        completed.remove(id);
    }

    private static MqttClient operator(String url, Map<String, CountDownLatch> completed, CountDownLatch currentState)
            throws MqttException {
        MqttClient client = new MqttClient(url, "bench-" + UUID.randomUUID(),
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options);
        client.subscribe("vehicleupdate/currentstate", 1, (topic, message) -> currentState.countDown());
        client.subscribe("vehicleupdate/desiredstatefeedback", 1, (topic, message) -> {
            String json = new String(message.getPayload(), StandardCharsets.UTF_8);
            if (json.contains("\"COMPLETED\"")) {
                String id = json.replaceAll(".*\"activityId\":\"([^\"]*)\".*", "$1");
                CountDownLatch latch = completed.get(id);
                if (latch != null) {
                    latch.countDown();
                }
            }
        });
        return client;
    }

    private static byte[] message(String id) {
        return ("{\"activityId\":\"" + id + "\",\"timestamp\":1,\"payload\":{\"domains\":["
                + "{\"id\":\"self-update\",\"components\":[{\"id\":\"os-image\",\"version\":\"2.0\"}]},"
                + "{\"id\":\"containers\",\"components\":[{\"id\":\"hello\",\"version\":\"2.0\"}]}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}

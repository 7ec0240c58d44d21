package org.vehicleupdate.updatemanager.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/**
 * Time from publishing a two-domain desired state to COMPLETED with agents that answer at once (median of
 * 100 updates), and the manager's resident memory afterwards. The manager runs as the real jar in its own
 * process when it has been built ({@code mvn package}); run with
 * {@code mvn -o -pl update-manager test -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=UpdateManagerBenchmark}.
 */
@Tag("bench")
class UpdateManagerBenchmark {
    private static final int UPDATES = 100;
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path dataDir;

    @Test
    void timeToCompletedAndResidentMemory() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                ScriptedAgent containers = new ScriptedAgent(broker.url(), "containers", "1.0").start();
                ScriptedAgent selfUpdate = new ScriptedAgent(broker.url(), "self-update", "1.0").start()) {
            Process manager = startManager(broker.url());
            try {
                Map<String, CountDownLatch> completed = new ConcurrentHashMap<>();
                MqttClient operator = operator(broker.url(), completed);
                awaitManager(operator, completed);
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < UPDATES + 10; i++) {
                    String id = "bench-" + i;
                    CountDownLatch done = new CountDownLatch(1);
                    completed.put(id, done);
                    long start = System.nanoTime();
                    operator.publish("vehicleupdate/desiredstate", message(id), 1, false);
                    if (!done.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException(id + " did not complete");
                    }
                    if (i >= 10) { // the first ten warm the JIT up
                        micros.add((System.nanoTime() - start) / 1000);
                    }
                }
                Collections.sort(micros);
                long rss = residentKb(manager.pid());
                System.out.printf("update-manager benchmark: %d two-domain updates, publish -> COMPLETED median %.1f ms,"
                        + " p90 %.1f ms, max %.1f ms; manager RSS after them %d MiB (pid %d, %s %s)%n", UPDATES,
                        micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 9 / 10) / 1000.0,
                        micros.get(micros.size() - 1) / 1000.0, rss / 1024, manager.pid(), System.getProperty("bench.jvm", ""), JAR);
                operator.disconnect();
                operator.close();
            } finally {
                manager.destroy();
                manager.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process startManager(String brokerUrl) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run mvn package first");
        }
        List<String> command = new ArrayList<>(List.of("java"));
        String jvm = System.getProperty("bench.jvm", "");
        if (!jvm.isBlank()) {
            command.addAll(List.of(jvm.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MQTT_URL", brokerUrl);
        builder.environment().put("MQTT_CLIENT_ID", "update-manager-bench-" + UUID.randomUUID());
        // -Dbench.data-dir=/dev/shm/... shows what the journal's fsyncs cost on this disk
        builder.environment().put("UM_DATA_DIR", System.getProperty("bench.data-dir", dataDir.toString()));
        builder.environment().put("UM_AGENTS_SELF_UPDATE_REBOOT_REQUIRED", "false");
        builder.redirectErrorStream(true);
        builder.redirectOutput(dataDir.resolve("manager.log").toFile());
        return builder.start();
    }

    private static MqttClient operator(String url, Map<String, CountDownLatch> completed) throws MqttException {
        MqttClient client = new MqttClient(url, "bench-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
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

    /** The manager process is ready once it answers a desired state. */
    private static void awaitManager(MqttClient operator, Map<String, CountDownLatch> completed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String id = "warmup-" + attempt;
            CountDownLatch done = new CountDownLatch(1);
            completed.put(id, done);
            operator.publish("vehicleupdate/desiredstate", new MqttMessage(message(id)));
            if (done.await(3, TimeUnit.SECONDS)) {
                return;
            }
        }
        throw new IllegalStateException("the manager did not start");
    }

    private static byte[] message(String id) {
        return ("{\"activityId\":\"" + id + "\",\"timestamp\":1,\"payload\":{\"domains\":["
                + "{\"id\":\"self-update\",\"components\":[{\"id\":\"os-image\",\"version\":\"2.0\"}]},"
                + "{\"id\":\"containers\",\"components\":[{\"id\":\"hello\",\"version\":\"2.0\"}]}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}

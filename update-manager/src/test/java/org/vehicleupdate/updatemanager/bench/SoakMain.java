package org.vehicleupdate.updatemanager.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;

/**
 * The soak (deploy/soak.sh, not part of CI): N sequential two-domain updates through the real update-manager jar,
 * with the scripted agents (ScriptedAgentsMain) as their own process, on the broker given. Prints every 1,000
 * updates the count of each final status, the updates without a final status, extra final statuses, crashes of the
 * manager (it is started again and the soak goes on) and the manager's resident memory.
 *
 * <p>{@code SoakMain BROKER_URL MANAGER_JAR DATA_DIR UPDATES FAIL_EVERY}
 */
public final class SoakMain {
    private static final Duration FINAL_TIMEOUT = Duration.ofSeconds(60);
    /** The manager starts as deployed: the shipped JVM flags and its class-data archive (deploy/soak.sh trains it). */
    private static final Path LAUNCHER = Path.of("deploy", "jvm", "run-service.sh");

    private final String broker;
    private final Path jar;
    private final Path dataDir;
    private final Map<String, List<Status>> finals = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<String> ended = new LinkedBlockingQueue<>();
    private final Map<Status, Integer> counts = new TreeMap<>();
    private Process manager;
    private int crashes;
    private int withoutFinal;

    private SoakMain(String broker, Path jar, Path dataDir) {
        this.broker = broker;
        this.jar = jar;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        SoakMain soak = new SoakMain(args[0], Path.of(args[1]), Path.of(args[2]));
        System.exit(soak.run(Integer.parseInt(args[3]), Integer.parseInt(args[4])));
    }

    private int run(int updates, int failEvery) throws Exception {
        Process agents = startAgents(failEvery);
        MqttClient operator = operator();
        manager = startManager();
        try {
            awaitManager(operator);
            System.out.printf("soak: %d sequential updates (containers fails UPDATE in every %d-th), manager pid %d,"
                    + " RSS %d MiB at start%n", updates, failEvery, manager.pid(), residentKib() / 1024);
            long start = System.nanoTime();
            long sliceStart = start;
            List<Long> sliceMillis = new ArrayList<>();
            for (int i = 1; i <= updates; i++) {
                long t = System.nanoTime();
                update(operator, "soak-" + i, i);
                sliceMillis.add((System.nanoTime() - t) / 1_000_000);
                if (i % 1000 == 0 || i == updates) {
                    sliceMillis.sort(null);
                    System.out.printf("soak: %5d updates, %s, without final %d, extra finals %d, crashes %d, manager"
                            + " RSS %d MiB, median %d ms, %.0f s for the last %d%n", i, counts, withoutFinal,
                            extraFinals(), crashes, residentKib() / 1024, sliceMillis.get(sliceMillis.size() / 2),
                            (System.nanoTime() - sliceStart) / 1e9, sliceMillis.size());
                    sliceMillis.clear();
                    sliceStart = System.nanoTime();
                }
            }
            System.out.printf("soak: done in %.0f s: %d updates, %s, without final %d, extra finals %d, crashes %d%n",
                    (System.nanoTime() - start) / 1e9, updates, counts, withoutFinal, extraFinals(), crashes);
            return crashes == 0 && withoutFinal == 0 && extraFinals() == 0 ? 0 : 1;
        } finally {
            operator.disconnect();
            operator.close();
            manager.destroy();
            agents.destroy();
            manager.waitFor(10, TimeUnit.SECONDS);
            agents.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void update(MqttClient operator, String id, int i) throws MqttException, InterruptedException, IOException {
        operator.publish("vehicleupdate/desiredstate", desiredState(id, i), 1, false);
        long deadline = System.nanoTime() + FINAL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String done = ended.poll(1, TimeUnit.SECONDS);
            if (id.equals(done)) {
                counts.merge(finals.get(id).get(0), 1, Integer::sum);
                return;
            }
            if (!manager.isAlive()) {
                crashes++;
                System.out.printf("soak: the manager exited with %d during %s; starting it again (log %s)%n",
                        manager.exitValue(), id, dataDir.resolve("manager.log"));
                manager = startManager();
            }
        }
        withoutFinal++;
        System.out.printf("soak: no final status for %s within %s%n", id, FINAL_TIMEOUT);
    }

    private long extraFinals() {
        return finals.values().stream().mapToLong(l -> l.size() - 1L).sum();
    }

    private MqttClient operator() throws MqttException {
        MqttClient client = new MqttClient(broker, "soak-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(100);
        client.connect(options);
        client.subscribe("vehicleupdate/desiredstatefeedback", 1, (topic, message) -> {
            Envelope<DesiredStateFeedback> feedback = WireJson.readEnvelope(
                    new String(message.getPayload(), StandardCharsets.UTF_8), DesiredStateFeedback.class);
            Status status = feedback.payload().status();
            if (status == Status.COMPLETED || status == Status.INCOMPLETE || status == Status.IDENTIFICATION_FAILED) {
                finals.computeIfAbsent(feedback.activityId(), k -> new ArrayList<>()).add(status);
                ended.add(feedback.activityId());
            }
        });
        return client;
    }

    /** The manager is ready once it answers a desired state. */
    private void awaitManager(MqttClient operator) throws Exception {
        for (int attempt = 0; attempt < 60; attempt++) {
            String id = "soak-warm-up-" + attempt;
            operator.publish("vehicleupdate/desiredstate", desiredState(id, 0), 1, false);
            String done = ended.poll(2, TimeUnit.SECONDS);
            while (done != null && !done.equals(id)) {
                done = ended.poll(2, TimeUnit.SECONDS);
            }
            if (id.equals(done)) {
                finals.clear();
                ended.clear();
                return;
            }
        }
        throw new IllegalStateException("the manager did not answer within two minutes; see " + dataDir);
    }

    private Process startManager() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), jar.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("manager.log").toFile()));
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("VU_CDS_DIR", dataDir.resolve("cds").toString());
        builder.environment().put("MQTT_URL", broker);
        builder.environment().put("MQTT_CLIENT_ID", "update-manager-soak");
        builder.environment().put("UM_DATA_DIR", Files.createDirectories(dataDir.resolve("manager")).toString());
        builder.environment().put("UM_AGENTS_SELF_UPDATE_REBOOT_REQUIRED", "false");
        return builder.start();
    }

    private Process startAgents(int failEvery) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                "org.vehicleupdate.updatemanager.testing.ScriptedAgentsMain", broker, "containers", "self-update",
                "--fail", "containers:UPDATE", "--fail-every", String.valueOf(failEvery));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("agents.log").toFile())).start();
    }

    private long residentKib() throws IOException {
        Path status = Path.of("/proc", String.valueOf(manager.pid()), "status");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static byte[] desiredState(String id, int i) {
        return ("{\"activityId\":\"" + id + "\",\"timestamp\":" + System.currentTimeMillis() + ",\"payload\":{\"domains\":["
                + "{\"id\":\"self-update\",\"components\":[{\"id\":\"os-image\",\"version\":\"" + (2 + i % 2) + ".0\"}]},"
                + "{\"id\":\"containers\",\"components\":[{\"id\":\"hello\",\"version\":\"" + i + "\"}]}]}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}

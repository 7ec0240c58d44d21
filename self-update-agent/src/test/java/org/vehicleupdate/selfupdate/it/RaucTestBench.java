package org.vehicleupdate.selfupdate.it;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.selfupdate.app.AgentConfig;
import org.vehicleupdate.selfupdate.app.AgentRuntime;

/**
 * One vehicle for a test: a real RAUC (rauc-sim), the agent (in this JVM or as a process of its own, to be
 * killed), and the operator's side of MQTT, publishing what {@code mosquitto_pub} would.
 */
final class RaucTestBench implements AutoCloseable {
    static final String FEEDBACK = "selfupdate/desiredstatefeedback";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final RaucSim sim;
    final TestMqttClient mqtt;
    final String activityId;
    private final String brokerUrl;
    private final String clientId;
    private final Path data;
    private String busAddress;
    private AgentRuntime agent;
    private Process process;
    private int seen;

    RaucTestBench(String brokerUrl, TestMqttClient mqtt) {
        int n = COUNTER.incrementAndGet();
        this.sim = RaucSim.setUp("it" + ProcessHandle.current().pid() + "-" + n);
        this.busAddress = sim.start();
        this.brokerUrl = brokerUrl;
        this.mqtt = mqtt;
        this.clientId = "sua-it-" + ProcessHandle.current().pid() + "-" + n;
        this.activityId = "activity-" + n;
        this.data = sim.state().resolve("agent");
        mqtt.clear();
    }

    Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mqtt.url", brokerUrl);
        config.put("mqtt.client-id", clientId);
        config.put("selfupdate.data-dir", data.toString());
        config.put("selfupdate.dbus-address", busAddress);
        config.put("selfupdate.download.allowed-schemes", "http,https");
        config.put("selfupdate.download.stall-timeout", "3s");
        config.put("selfupdate.progress-interval", "100ms");
        config.put("selfupdate.install-timeout", "2m");
        config.put("selfupdate.boot-id-file", sim.bootIdFile().toString());
        return config;
    }

    void startAgent() {
        Map<String, String> config = config();
        agent = AgentRuntime.start(AgentConfig.read(key -> Optional.ofNullable(config.get(key))));
        try {
            if (!agent.awaitConnected(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the agent did not connect to " + brokerUrl);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    /** The agent as its own JVM, so that it can be killed with SIGKILL. */
    void startAgentProcess() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        config().forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(AgentMain.class.getName());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitSubscribed();
    }

    /**
     * A new agent's subscriptions may not be in place yet, and a message published before would be lost:
     * ask for the current state until the agent answers.
     */
    private void awaitSubscribed() {
        String ping = "ping-" + System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (mqtt.on("selfupdate/currentstate").stream().anyMatch(m -> m.contains(ping))) {
                return true;
            }
            mqtt.publish("selfupdate/currentstate/get", "{\"activityId\":\"" + ping + "\",\"timestamp\":1}");
            return false;
        });
    }

    /** Outside the simulation's directory, so that it outlives the test for a look after a failure. */
    Path agentLog() {
        return Path.of(System.getProperty("java.io.tmpdir"), sim.state().getFileName() + "-agent.log");
    }

    void killAgentProcess() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the agent, reboots the simulated ECU (RAUC and its bus restart) and starts the agent again. */
    void reboot(boolean fallback) {
        stopAgent();
        busAddress = sim.reboot(fallback);
        startAgent();
    }

    void desiredState(String version, String url) {
        desiredState(version, url, "");
    }

    /** @param sha256 the bundle's SHA-256 the desired state pins, or empty for none */
    void desiredState(String version, String url, String sha256) {
        String pin = sha256.isEmpty() ? "" : """
                ,
                                            {
                                                "key": "sha256",
                                                "value": "%s"
                                            }""".formatted(sha256);
        mqtt.publish("selfupdate/desiredstate", """
                {
                    "activityId": "%s",
                    "timestamp": 123456789,
                    "payload": {
                        "domains": [
                            {
                                "id": "self-update",
                                "components": [
                                    {
                                        "id": "os-image",
                                        "version": "%s",
                                        "config": [
                                            {
                                                "key": "image",
                                                "value": "%s"
                                            }%s
                                        ]
                                    }
                                ]
                            }
                        ]
                    }
                }""".formatted(activityId, version, url, pin));
    }

    void command(String command) {
        mqtt.publish("selfupdate/desiredstate/command", """
                {
                    "activityId": "%s",
                    "timestamp": 1687510087,
                    "payload": {
                        "baseline": "BASELINE NAME",
                        "command": "%s"
                    }
                }""".formatted(activityId, command));
    }

    List<DesiredStateFeedback> feedback() {
        List<DesiredStateFeedback> all = new ArrayList<>();
        for (String json : mqtt.on(FEEDBACK)) {
            Envelope<DesiredStateFeedback> envelope = WireJson.readEnvelope(json, DesiredStateFeedback.class);
            all.add(envelope.payload());
        }
        return all;
    }

    /** Waits for the next feedback with this status (after the last one awaited) and returns it. */
    DesiredStateFeedback await(Status status) {
        return await(status, Duration.ofSeconds(90));
    }

    DesiredStateFeedback await(Status status, Duration timeout) {
        DesiredStateFeedback[] found = new DesiredStateFeedback[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<DesiredStateFeedback> all = feedback();
            for (int i = seen; i < all.size(); i++) {
                if (all.get(i).status() == status) {
                    found[0] = all.get(i);
                    seen = i + 1;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The statuses received, with repeats of the same status (progress) folded into one. */
    List<Status> statusFlow() {
        List<Status> flow = new ArrayList<>();
        for (DesiredStateFeedback f : feedback()) {
            if (flow.isEmpty() || flow.get(flow.size() - 1) != f.status()) {
                flow.add(f.status());
            }
        }
        return flow;
    }

    @Override
    public void close() {
        stopAgent();
        if (process != null && process.isAlive()) {
            killAgentProcess();
        }
        sim.close();
    }
}

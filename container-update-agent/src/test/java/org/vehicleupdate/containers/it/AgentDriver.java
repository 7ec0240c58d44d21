package org.vehicleupdate.containers.it;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.testing.TestMqttClient;

/**
 * Plays the update-manager on the containers topics, as {@code mosquitto_pub}/{@code mosquitto_sub} would:
 * publishes desired states and commands, and waits for the agent's feedback.
 */
final class AgentDriver implements AutoCloseable {
    static final String FEEDBACK = "containersupdate/desiredstatefeedback";
    static final String CURRENT_STATE = "containersupdate/currentstate";
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(90);
    final TestMqttClient client;

    AgentDriver(String brokerUrl) {
        client = new TestMqttClient(brokerUrl).subscribe(FEEDBACK, CURRENT_STATE);
    }

    /** A component: {@code component("app", "v1", "image", "...", "env", "A=1")}. */
    static String component(String name, String version, String... keyValues) {
        JsonObject c = new JsonObject();
        c.addProperty("id", name);
        c.addProperty("version", version);
        JsonArray config = new JsonArray();
        for (int i = 0; i < keyValues.length; i += 2) {
            JsonObject kv = new JsonObject();
            kv.addProperty("key", keyValues[i]);
            kv.addProperty("value", keyValues[i + 1]);
            config.add(kv);
        }
        c.add("config", config);
        return c.toString();
    }

    void desiredState(String activityId, String systemContainers, String... components) {
        String domainConfig = systemContainers == null ? "[]"
                : "[{\"key\":\"systemContainers\",\"value\":\"" + systemContainers + "\"}]";
        client.publish("containersupdate/desiredstate", "{\"activityId\":\"" + activityId + "\",\"timestamp\":1,"
                + "\"payload\":{\"domains\":[{\"id\":\"containers\",\"config\":" + domainConfig + ",\"components\":["
                + String.join(",", components) + "]}]}}");
    }

    void command(String activityId, String command) {
        client.publish("containersupdate/desiredstate/command", "{\"activityId\":\"" + activityId
                + "\",\"timestamp\":1,\"payload\":{\"command\":\"" + command + "\"}}");
    }

    /** Waits for a feedback of this activity with one of the statuses; returns its payload. */
    JsonObject awaitStatus(String activityId, String... statuses) {
        List<String> wanted = List.of(statuses);
        return await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> find(activityId, wanted), Optional::isPresent).orElseThrow();
    }

    private Optional<JsonObject> find(String activityId, List<String> wanted) {
        for (String text : client.on(FEEDBACK)) {
            JsonObject envelope = JsonParser.parseString(text).getAsJsonObject();
            JsonObject payload = envelope.getAsJsonObject("payload");
            if (envelope.get("activityId").getAsString().equals(activityId)
                    && wanted.contains(payload.get("status").getAsString())) {
                return Optional.of(payload);
            }
        }
        return Optional.empty();
    }

    List<String> statuses(String activityId) {
        return client.on(FEEDBACK).stream().map(t -> JsonParser.parseString(t).getAsJsonObject())
                .filter(e -> e.get("activityId").getAsString().equals(activityId))
                .map(e -> e.getAsJsonObject("payload").get("status").getAsString()).toList();
    }

    /** Publishes the desired state and drives it through every phase; returns the final feedback. */
    JsonObject apply(String activityId, String systemContainers, String... components) {
        desiredState(activityId, systemContainers, components);
        JsonObject identified = awaitStatus(activityId, "IDENTIFIED", "IDENTIFICATION_FAILED");
        if (!identified.get("status").getAsString().equals("IDENTIFIED")) {
            throw new AssertionError("identification failed: " + identified);
        }
        for (String[] step : new String[][] {{"DOWNLOAD", "DOWNLOAD_SUCCESS", "DOWNLOAD_FAILURE"},
                {"UPDATE", "UPDATE_SUCCESS", "UPDATE_FAILURE"}, {"ACTIVATE", "ACTIVATION_SUCCESS", "ACTIVATION_FAILURE"},
                {"CLEANUP", "COMPLETED", "INCOMPLETE"}}) {
            if (!find(activityId, List.of("COMPLETED")).isEmpty()) {
                return find(activityId, List.of("COMPLETED")).get();
            }
            command(activityId, step[0]);
            JsonObject result = awaitStatus(activityId, step[1], step[2]);
            if (!result.get("status").getAsString().equals(step[1])) {
                return result;
            }
        }
        return awaitStatus(activityId, "COMPLETED", "INCOMPLETE");
    }

    /** Waits until an agent started after {@link TestMqttClient#clear()} has announced itself. */
    void awaitAgentListening() {
        await().atMost(PHASE_TIMEOUT).until(() -> client.on(CURRENT_STATE).stream()
                .anyMatch(t -> JsonParser.parseString(t).getAsJsonObject().get("activityId").getAsString()
                        .startsWith("initial-current-state-")));
    }

    /** The last current state published with this activity id. */
    JsonObject currentState(String activityId) {
        return await().atMost(PHASE_TIMEOUT).until(() -> client.on(CURRENT_STATE).stream()
                .map(t -> JsonParser.parseString(t).getAsJsonObject())
                .filter(e -> e.get("activityId").getAsString().equals(activityId))
                .reduce((a, b) -> b), Optional::isPresent).orElseThrow().getAsJsonObject("payload");
    }

    @Override
    public void close() {
        client.close();
    }
}

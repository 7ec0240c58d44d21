package org.vehicleupdate.updatemanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonCollectors;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;
import org.vehicleupdate.updatemanager.core.AgentSettings;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/**
 * Our things mode against Kanto's, message by message: the inputs recorded in
 * {@code things/kanto-transcript.jsonl} (Kanto's update-manager at dfd2129 with the same scripted agents; see
 * the README beside it) are sent to our manager in the same order, and every envelope Kanto published on
 * {@code e} and {@code command///res/...} must have its counterpart from ours: same MQTT topic, Ditto topic,
 * path, status, the headers Kanto sets, and the same value once what differs by nature is taken out
 * (timestamps, the generated consent correlation id, the ids of initial current states, the manager's own
 * version in the inventory, the text of error messages, which is ours: path and reason).
 */
class KantoThingsCompatibilityTest {
    /** Ours answers a refused apply with a 400 as Kanto does and also tells the activity's feedback. */
    private static final Set<String> OURS_ONLY = Set.of("feedback things-bad-1 IDENTIFICATION_FAILED",
            "feedback things-bad-2 IDENTIFICATION_FAILED");
    private static EmbeddedBroker broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** One message of a recording: what was published on which MQTT topic. */
    record Recorded(String mqttTopic, String payload) {
        boolean isInput() {
            return mqttTopic.equals("edge/thing/response") || mqttTopic.startsWith("command///req/");
        }

        boolean isOutput() {
            return mqttTopic.equals("e") || mqttTopic.startsWith("command///res/");
        }

        JsonObject json() {
            return JsonFactory.newObject(payload);
        }

        Optional<JsonValue> at(String pointer) {
            return json().getValue(pointer);
        }

        String text(String pointer) {
            return at(pointer).filter(JsonValue::isString).map(JsonValue::asString).orElse("");
        }

        /** What identifies the message in a run: the same key in Kanto's and in ours. */
        String key() {
            String path = text("path");
            String kind = path.endsWith("/feedback") ? "feedback" : path.endsWith("/outbox/messages/consent")
                    && mqttTopic.equals("e") ? "consent" : path.endsWith("/properties") ? "properties" : path;
            String activity = text("value/activityId").replaceFirst("^initial-current-state-\\d+$",
                    "initial-current-state-*");
            String status = text("value/desiredStateFeedback/status");
            String topic = mqttTopic.equals("e") ? text("topic") : mqttTopic + " " + text("topic");
            return (kind + " " + activity + " " + status).trim() + " @ " + topic;
        }
    }

    private static List<Recorded> kantoTranscript() throws IOException {
        List<Recorded> messages = new ArrayList<>();
        try (InputStream in = KantoThingsCompatibilityTest.class
                .getResourceAsStream("/things/kanto-transcript.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject record = JsonFactory.newObject(line);
                JsonValue payload = record.getValue("payload").orElse(JsonValue.nullLiteral());
                messages.add(new Recorded(record.getValue("topic").orElseThrow().asString(),
                        payload.isNull() ? "" : payload.asString()));
            }
        }
        return messages;
    }

    private static ManagerSettings kantosRecordingSettings() {
        java.util.Map<String, AgentSettings> agents = new java.util.LinkedHashMap<>();
        agents.put("containers", new AgentSettings("containers", false, Duration.ofSeconds(5)));
        agents.put("self-update", new AgentSettings("self-update", false, Duration.ofSeconds(5)));
        return new ManagerSettings("vehicle", agents, false, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(20), Set.of(Command.DOWNLOAD), Duration.ofMinutes(1),
                FailurePolicy.ROLLBACK_ALL, 20);
    }

    @Test
    void ourEnvelopesMatchKantosForTheSameInputs() throws IOException {
        List<Recorded> kanto = kantoTranscript();
        String kantoConsentId = kanto.stream().filter(r -> r.mqttTopic().equals("e"))
                .filter(r -> r.text("path").endsWith("/outbox/messages/consent")).findFirst().orElseThrow()
                .text("headers/correlation-id");
        List<Recorded> ours = new ArrayList<>();
        String ourConsentId = "";
        try (TestMqttClient cloud = new TestMqttClient(broker.url()).subscribe("edge/thing/request", "e",
                "command///res/#");
                ScriptedAgent containers = new ScriptedAgent(broker.url(), "containers", "1.0").start();
                ScriptedAgent selfUpdate = new ScriptedAgent(broker.url(), "self-update", "1.0").start();
                ManagerRuntime manager = ThingsModeMqttTest.start(broker.url(), dataDir, kantosRecordingSettings(),
                        true)) {
            await().until(() -> !cloud.on("edge/thing/request").isEmpty());
            List<Recorded> matchedKanto = new ArrayList<>();
            for (Recorded message : kanto) {
                if (message.isInput()) {
                    String payload = message.payload();
                    if (payload.contains(kantoConsentId)) {
                        ourConsentId = ourConsentId(cloud);
                        payload = payload.replace(kantoConsentId, ourConsentId);
                    }
                    cloud.publish(message.mqttTopic(), payload);
                } else if (message.isOutput()) {
                    Recorded counterpart = awaitCounterpart(cloud, message, ours);
                    Recorded expected = ourConsentId.isEmpty() ? message
                            : new Recorded(message.mqttTopic(), message.payload().replace(kantoConsentId, ourConsentId));
                    compare(expected, counterpart);
                    matchedKanto.add(message);
                }
            }
            assertThat(matchedKanto).hasSize((int) kanto.stream().filter(Recorded::isOutput).count());
            List<String> unmatched = received(cloud).stream().filter(r -> !ours.contains(r)).map(Recorded::key)
                    .map(k -> k.substring(0, k.indexOf(" @ "))).toList();
            assertThat(unmatched).as("ours sent only what Kanto sent, and the known extras")
                    .allMatch(OURS_ONLY::contains);
        }
    }

    private static String ourConsentId(TestMqttClient cloud) {
        await().until(() -> received(cloud).stream().anyMatch(r -> r.key().startsWith("consent ")));
        return received(cloud).stream().filter(r -> r.key().startsWith("consent ")).findFirst().orElseThrow()
                .text("headers/correlation-id");
    }

    private static List<Recorded> received(TestMqttClient cloud) {
        return cloud.received().stream().map(r -> new Recorded(r.topic(), r.payload())).filter(Recorded::isOutput)
                .toList();
    }

    /** Ours with the same key that no earlier message of Kanto's was matched with. */
    private static Recorded awaitCounterpart(TestMqttClient cloud, Recorded kanto, List<Recorded> used) {
        String key = kanto.key();
        await().atMost(Duration.ofSeconds(20)).alias("ours sends " + key)
                .until(() -> received(cloud).stream().anyMatch(r -> !used.contains(r) && r.key().equals(key)));
        Recorded ours = received(cloud).stream().filter(r -> !used.contains(r) && r.key().equals(key)).findFirst()
                .orElseThrow();
        used.add(ours);
        return ours;
    }

    private static void compare(Recorded kanto, Recorded ours) {
        String what = kanto.key();
        assertThat(ours.mqttTopic()).as(what).isEqualTo(kanto.mqttTopic());
        assertThat(ours.text("topic")).as(what).isEqualTo(kanto.text("topic"));
        assertThat(ours.text("path")).as(what).isEqualTo(kanto.text("path"));
        assertThat(ours.at("status")).as(what + " status").isEqualTo(kanto.at("status"));
        JsonObject kantoHeaders = kanto.at("headers").map(JsonValue::asObject).orElse(JsonObject.empty());
        JsonObject ourHeaders = ours.at("headers").map(JsonValue::asObject).orElse(JsonObject.empty());
        assertThat(names(ourHeaders)).as(what + " header names").isEqualTo(names(kantoHeaders));
        for (String header : List.of("response-required", "content-type")) {
            assertThat(ourHeaders.getValue(header)).as(what + " " + header).isEqualTo(kantoHeaders.getValue(header));
        }
        if (!what.startsWith("consent ")) {
            assertThat(ourHeaders.getValue("correlation-id")).as(what + " correlation-id")
                    .isEqualTo(kantoHeaders.getValue("correlation-id"));
        }
        assertThat(ours.at("value").map(v -> normalized(what, v)))
                .as(what + " value").isEqualTo(kanto.at("value").map(v -> normalized(what, v)));
    }

    private static List<String> names(JsonObject object) {
        return object.getKeys().stream().map(Object::toString).sorted().toList();
    }

    /** The value without what differs by nature between two runs and two implementations. */
    private static JsonValue normalized(String what, JsonValue value) {
        value = withoutEmptyLists(value);
        if (!value.isObject()) {
            return value;
        }
        JsonObject object = value.asObject().remove("timestamp");
        if (object.contains("error")) {
            return object.remove("message");
        }
        if (object.getValue("activityId").map(JsonValue::asString).orElse("").startsWith("initial-current-state-")) {
            object = object.setValue("activityId", JsonValue.of("initial-current-state-*"));
        }
        if (object.contains("inventory")) {
            object = object.setValue("inventory", inventory(object.getValue("inventory").orElseThrow().asObject()));
        }
        if (object.contains("desiredStateFeedback")) {
            JsonObject feedback = object.getValue("desiredStateFeedback").orElseThrow().asObject();
            boolean last = !feedback.getValue("status").map(JsonValue::asString).orElse("").matches(
                    "IDENTIFYING|IDENTIFIED|RUNNING");
            object = object.setValue("desiredStateFeedback", feedback.setValue("actions",
                    sortedBy(feedback.getValue("actions").map(JsonValue::asArray).orElse(JsonArray.empty()),
                            "component/id", last ? "status" : "")));
        }
        return object;
    }

    /**
     * Kanto leaves out empty lists and a progress of 0 ({@code omitempty}); ours writes them as on the plain
     * topics ({@code "parameters":[]}, {@code "actions":[]}, {@code "progress":0}): the same for a JSON reader.
     */
    private static JsonValue withoutEmptyLists(JsonValue value) {
        if (value.isArray()) {
            return StreamSupport.stream(value.asArray().spliterator(), false)
                    .map(KantoThingsCompatibilityTest::withoutEmptyLists).collect(JsonCollectors.valuesToArray());
        }
        if (!value.isObject()) {
            return value;
        }
        JsonObject result = JsonObject.empty();
        for (org.eclipse.ditto.json.JsonField field : value.asObject()) {
            JsonValue inner = withoutEmptyLists(field.getValue());
            boolean zeroProgress = field.getKey().toString().equals("progress") && inner.equals(JsonValue.of(0));
            if (!(inner.isArray() && inner.asArray().isEmpty()) && !zeroProgress) {
                result = result.setValue(field.getKey(), inner);
            }
        }
        return result;
    }

    /** Nodes in id order, empty lists as absent, the manager's own version (Kanto's is "development") out. */
    private static JsonObject inventory(JsonObject inventory) {
        JsonObject result = JsonObject.empty();
        for (String list : List.of("hardwareNodes", "softwareNodes", "associations")) {
            JsonArray items = inventory.getValue(list).map(JsonValue::asArray).orElse(JsonArray.empty());
            if (items.isEmpty()) {
                continue;
            }
            JsonArray sorted = sortedBy(items, list.equals("associations") ? "targetId" : "id", "");
            if (list.equals("softwareNodes")) {
                sorted = StreamSupport.stream(sorted.spliterator(), false).map(JsonValue::asObject)
                        .map(n -> n.getValue("id").map(JsonValue::asString).orElse("").endsWith("-update-manager")
                                ? n.remove("version") : n)
                        .collect(JsonCollectors.valuesToArray());
            }
            result = result.setValue(list, sorted);
        }
        return result;
    }

    /** Sorted by one field; {@code drop} names a field left out (the action status of a final feedback). */
    private static JsonArray sortedBy(JsonArray items, String field, String drop) {
        return StreamSupport.stream(items.spliterator(), false).map(JsonValue::asObject)
                .map(o -> drop.isEmpty() ? o : o.remove(drop))
                .sorted(Comparator.comparing((JsonObject o) -> o.getValue(field).map(JsonValue::asString).orElse("")))
                .collect(JsonCollectors.valuesToArray());
    }
}

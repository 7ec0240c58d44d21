package org.vehicleupdate.updatemanager.it;

import java.util.List;
import java.util.Optional;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.vehicleupdate.kit.testing.TestMqttClient;

/** The cloud side of things mode in tests: Ditto envelopes to the feature's inbox, and what the feature sent. */
final class DittoTraffic {
    static final String EDGE_RESPONSE_1 = "{\"deviceId\":\"demo:vehicle-1\",\"tenantId\":\"demo-tenant\","
            + "\"policyId\":\"demo:policy\"}";
    static final String THING_1 = "demo/vehicle-1";

    private DittoTraffic() {
    }

    /** One Ditto envelope as published on MQTT topic {@code mqttTopic}. */
    record Sent(String mqttTopic, String topic, String path, JsonObject headers, Optional<JsonValue> value,
            int status) {
        static Sent of(TestMqttClient.Received received) {
            JsonObject json = JsonFactory.newObject(received.payload());
            return new Sent(received.topic(), json.getValueOrThrow(org.eclipse.ditto.json.JsonFieldDefinition
                    .ofString("topic")), json.getValue("path").map(JsonValue::asString).orElse(""),
                    json.getValue("headers").map(JsonValue::asObject).orElse(JsonObject.empty()),
                    json.getValue("value"), json.getValue("status").map(JsonValue::asInt).orElse(0));
        }

        JsonObject object() {
            return value.orElseThrow().asObject();
        }

        String text(String pointer) {
            return object().getValue(pointer).map(JsonValue::asString).orElse("");
        }

        Optional<String> header(String name) {
            return headers.getValue(name).map(v -> v.isString() ? v.asString() : v.toString());
        }
    }

    /** What was received on {@code e}, or on the topics that start with a prefix ending in {@code /}. */
    static List<Sent> sent(TestMqttClient client, String topicOrPrefix) {
        return client.received().stream()
                .filter(r -> topicOrPrefix.endsWith("/") ? r.topic().startsWith(topicOrPrefix)
                        : r.topic().equals(topicOrPrefix))
                .map(Sent::of).toList();
    }

    /** A message to the feature's inbox, as a backend sends it through the connector. */
    static String inbox(String thingTopic, String subject, String correlationId, boolean responseRequired,
            String value) {
        return "{\"topic\":\"" + thingTopic + "/things/live/messages/" + subject + "\",\"headers\":{\"correlation-id\":\""
                + correlationId + "\",\"response-required\":" + responseRequired
                + ",\"content-type\":\"application/json\"},\"path\":\"/features/UpdateManager/inbox/messages/"
                + subject + "\",\"value\":" + value + "}";
    }

    static String requestTopic(String requestId, String subject) {
        return "command///req/" + requestId + "/" + subject;
    }
}

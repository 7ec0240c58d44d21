package org.vehicleupdate.cli.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;

/**
 * {@code apply --things} and {@code watch --things} against a real broker, with the test playing the cloud
 * connector and the update-manager's UpdateManager feature as Kanto's (recorded) envelopes look.
 */
class ThingsModeCommandsTest {
    private static EmbeddedBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static String feedback(String thingTopic, String activityId, String status, String message) {
        return "{\"topic\":\"" + thingTopic + "/things/live/messages/feedback\",\"headers\":{\"content-type\":"
                + "\"application/json\",\"response-required\":false},\"path\":\"/features/UpdateManager/outbox/"
                + "messages/feedback\",\"value\":{\"activityId\":\"" + activityId + "\",\"timestamp\":1700000000000,"
                + "\"desiredStateFeedback\":{\"status\":\"" + status + "\",\"message\":\"" + message + "\"}}}";
    }

    private Path desiredStateFile() throws IOException {
        return Files.writeString(dir.resolve("update.json"), """
                {"activityId": "cli-things-1", "timestamp": 1, "payload": {"domains": [
                  {"id": "containers", "components": [
                    {"id": "app", "version": "2.0", "config": [{"key": "image", "value": "registry.local/app:2.0"}]}]}
                ]}}""");
    }

    @Test
    void applyAsksTheConnectorForTheThingSendsApplyToItsFeatureAndFollowsItsFeedback() throws Exception {
        CliRun cli = CliRun.plain();
        try (TestMqttClient vehicle = new TestMqttClient(broker.url()).subscribe("edge/thing/request",
                "command///req/#")) {
            CompletableFuture<Integer> apply = cli.start("apply", "--things", "--broker", broker.url(),
                    desiredStateFile().toString());
            await().atMost(Duration.ofSeconds(20)).until(() -> !vehicle.on("edge/thing/request").isEmpty());
            vehicle.publish("edge/thing/response", "{\"deviceId\":\"demo:vehicle-1\",\"tenantId\":\"t\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> vehicle.received().stream()
                    .anyMatch(r -> r.topic().startsWith("command///req/")));
            TestMqttClient.Received request = vehicle.received().stream()
                    .filter(r -> r.topic().startsWith("command///req/")).findFirst().orElseThrow();
            assertEquals("command///req/cli-things-1/apply", request.topic());
            JsonObject envelope = JsonFactory.newObject(request.payload());
            assertEquals("demo/vehicle-1/things/live/messages/apply", envelope.getValue("topic").orElseThrow().asString());
            assertEquals("/features/UpdateManager/inbox/messages/apply",
                    envelope.getValue("path").orElseThrow().asString());
            assertEquals("true", envelope.getValue("headers/response-required").orElseThrow().toString());
            assertEquals("cli-things-1", envelope.getValue("value/activityId").orElseThrow().asString());
            assertEquals("containers", envelope.getValue("value/desiredState/domains").orElseThrow().asArray().get(0)
                    .orElseThrow().asObject().getValue("id").orElseThrow().asString());

            vehicle.publish("e", feedback("other/vehicle", "cli-things-1", "INCOMPLETE", "another thing's"));
            vehicle.publish("e", feedback("demo/vehicle-1", "cli-things-1", "IDENTIFYING", ""));
            vehicle.publish("e", feedback("demo/vehicle-1", "cli-things-1", "COMPLETED", "done through things"));
            assertEquals(0, apply.get(30, TimeUnit.SECONDS), cli.out() + cli.err());
        }
        assertTrue(cli.out().contains("command///req/cli-things-1/apply (thing demo:vehicle-1)"), cli.out());
        assertTrue(cli.out().endsWith("COMPLETED: done through things\n"), cli.out());
    }

    @Test
    void applyEndsAtOnceWhenTheFeatureRefusesTheRequest() throws Exception {
        CliRun cli = CliRun.plain();
        try (TestMqttClient vehicle = new TestMqttClient(broker.url()).subscribe("command///req/#")) {
            CompletableFuture<Integer> apply = cli.start("apply", "--things", "--thing", "demo:vehicle-1",
                    "--broker", broker.url(), desiredStateFile().toString());
            await().atMost(Duration.ofSeconds(20)).until(() -> !vehicle.received().isEmpty());
            vehicle.publish("command///res/cli-things-1/400", "{\"topic\":\"demo/vehicle-1/things/live/messages/"
                    + "apply\",\"headers\":{\"correlation-id\":\"cli-things-1\",\"response-required\":false},\"path\":"
                    + "\"/features/UpdateManager/outbox/messages/apply\",\"value\":{\"error\":\"messages:parameter"
                    + ".invalid\",\"status\":400,\"message\":\"desired state is missing\"},\"status\":400}");
            assertEquals(1, apply.get(30, TimeUnit.SECONDS), cli.out() + cli.err());
        }
        assertTrue(cli.out().contains("refused by the update-manager (400): desired state is missing"), cli.out());
    }

    @Test
    void watchShowsTheFeaturesFeedbackWithItsThing() throws Exception {
        CliRun cli = CliRun.plain();
        CompletableFuture<Integer> watch = cli.start("watch", "--things", "--count", "1", "--broker", broker.url());
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.err().contains("watching"));
        try (TestMqttClient vehicle = new TestMqttClient(broker.url())) {
            vehicle.publish("e", feedback("demo/vehicle-1", "w-1", "RUNNING", ""));
        }
        assertEquals(0, watch.get(30, TimeUnit.SECONDS), cli.out() + cli.err());
        assertTrue(cli.out().contains("demo:vehicle-1  w-1  RUNNING"), cli.out());
    }
}

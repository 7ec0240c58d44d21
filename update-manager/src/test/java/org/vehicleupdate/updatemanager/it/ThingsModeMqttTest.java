package org.vehicleupdate.updatemanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.it.DittoTraffic.Sent;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/**
 * Things mode over real MQTT (embedded HiveMQ CE): the test plays the cloud connector (edge/thing/...) and the
 * backend (Ditto messages on command///req/..., answers on command///res/... and e), with scripted agents.
 */
class ThingsModeMqttTest {
    private static EmbeddedBroker broker;

    @TempDir
    Path dataDir;
    private TestMqttClient cloud;
    private ScriptedAgent containers;
    private ScriptedAgent selfUpdate;
    private ManagerRuntime manager;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void startAgents() {
        cloud = new TestMqttClient(broker.url()).subscribe("edge/thing/request", "e", "command///res/#",
                "vehicleupdate/#");
        containers = new ScriptedAgent(broker.url(), "containers", "1.0").start();
        selfUpdate = new ScriptedAgent(broker.url(), "self-update", "1.0").start();
    }

    @AfterEach
    void stopAll() {
        if (manager != null) {
            manager.close();
        }
        containers.close();
        selfUpdate.close();
        cloud.close();
    }

    static ManagerRuntime start(String brokerUrl, Path dataDir, ManagerSettings settings, boolean things) {
        return ManagerRuntime.start(new ManagerRuntime.Options(settings,
                BrokerSettings.plain(brokerUrl, "update-manager-" + UUID.randomUUID()), dataDir, activityId -> { },
                MessageReader.DEFAULT_MAX_BYTES, "0.1.0", things));
    }

    /** The manager in things mode, registered on demo:vehicle-1 by the connector's answer. */
    private void startRegistered(ManagerSettings settings) {
        manager = start(broker.url(), dataDir, settings, true);
        await().until(() -> !cloud.on("edge/thing/request").isEmpty());
        cloud.publish("edge/thing/response", DittoTraffic.EDGE_RESPONSE_1);
        await().until(() -> properties().stream().anyMatch(p -> p.text("activityId").startsWith("initial-")));
    }

    static String combinedDesiredState() {
        try (InputStream in = ThingsModeMqttTest.class.getResourceAsStream("/things/combined-desired-state.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return JsonFactory.newObject(json).getValue("payload").orElseThrow().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String applyValue(String activityId) {
        return "{\"activityId\":\"" + activityId + "\",\"timestamp\":1700000000000,\"desiredState\":"
                + combinedDesiredState() + "}";
    }

    private List<Sent> events() {
        return DittoTraffic.sent(cloud, "e");
    }

    private List<Sent> properties() {
        return events().stream().filter(s -> s.path().equals("/features/UpdateManager/properties")).toList();
    }

    private List<Sent> feedback(String activityId) {
        return events().stream().filter(s -> s.path().equals("/features/UpdateManager/outbox/messages/feedback"))
                .filter(s -> s.text("activityId").equals(activityId)).toList();
    }

    private List<Status> statuses(String activityId) {
        return feedback(activityId).stream().map(ThingsModeMqttTest::feedbackOf).map(DesiredStateFeedback::status)
                .toList();
    }

    private static DesiredStateFeedback feedbackOf(Sent sent) {
        return WireJson.read(sent.object().getValue("desiredStateFeedback").orElseThrow().toString(),
                DesiredStateFeedback.class);
    }

    private Sent response(String requestId) {
        await().until(() -> !DittoTraffic.sent(cloud, "command///res/" + requestId + "/").isEmpty());
        return DittoTraffic.sent(cloud, "command///res/" + requestId + "/").get(0);
    }

    private void awaitFinal(String activityId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(activityId).stream()
                .anyMatch(s -> s == Status.COMPLETED || s == Status.INCOMPLETE || s == Status.IDENTIFICATION_FAILED));
    }

    @Test
    void registersTheFeatureOnlyAfterTheConnectorAnswersAndTakesNoApplyBefore() {
        manager = start(broker.url(), dataDir, ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL), true);
        await().until(() -> !cloud.on("edge/thing/request").isEmpty());
        cloud.publish(DittoTraffic.requestTopic("early-1", "apply"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "apply", "early-1", true, applyValue("early-1")));
        assertThat(events()).isEmpty();

        cloud.publish("edge/thing/response", DittoTraffic.EDGE_RESPONSE_1);
        await().until(() -> properties().size() == 1);
        Sent registration = events().get(0);
        assertThat(registration.topic()).isEqualTo("demo/vehicle-1/things/twin/commands/modify");
        assertThat(registration.path()).isEqualTo("/features/UpdateManager");
        assertThat(registration.object().getValue("definition").orElseThrow().toString())
                .isEqualTo("[\"com.bosch.iot.suite.edge.update:UpdateManager:1.0.0\"]");
        assertThat(registration.object().getValue("properties/domain")).contains(JsonValue.of("vehicle"));
        assertThat(registration.header("response-required")).contains("false");
        Sent inventory = properties().get(0);
        assertThat(inventory.topic()).isEqualTo("demo/vehicle-1/things/twin/commands/modify");
        assertThat(inventory.text("activityId")).startsWith("initial-current-state-");
        assertThat(inventory.text("domain")).isEqualTo("vehicle");

        // the apply sent before the answer never arrived: the next request is the first one answered
        cloud.publish(DittoTraffic.requestTopic("refresh-1", "refresh"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "refresh", "refresh-1", true,
                        "{\"activityId\":\"refresh-1\",\"timestamp\":1}"));
        assertThat(response("refresh-1").status()).isEqualTo(204);
        assertThat(DittoTraffic.sent(cloud, "command///res/")).hasSize(1);
        assertThat(feedback("early-1")).isEmpty();
        assertThat(containers.received()).isEmpty();
    }

    @Test
    void applyOfTheCombinedMessageCompletesWithTheSameFeedbackAsOnThePlainTopics() {
        ManagerSettings settings = ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL);
        // the same desired state on the plain topic, for the sequence to compare with
        try (ManagerRuntime plain = start(broker.url(), dataDir.resolve("plain"), settings, false)) {
            cloud.publish("vehicleupdate/desiredstate", "{\"activityId\":\"plain-1\",\"timestamp\":1,\"payload\":"
                    + combinedDesiredState() + "}");
            await().atMost(Duration.ofSeconds(30)).until(() -> cloud.on("vehicleupdate/desiredstatefeedback")
                    .stream().anyMatch(j -> j.contains("COMPLETED")));
        }
        List<DesiredStateFeedback> plainFeedback = cloud.on("vehicleupdate/desiredstatefeedback").stream()
                .map(j -> WireJson.readEnvelope(j, DesiredStateFeedback.class)).map(Envelope::payload).toList();

        startRegistered(settings);
        cloud.publish(DittoTraffic.requestTopic("apply-1", "apply"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "apply", "corr-apply-1", true, applyValue("things-1")));
        Sent accepted = response("apply-1");
        assertThat(accepted.mqttTopic()).isEqualTo("command///res/apply-1/204");
        assertThat(accepted.topic()).isEqualTo("demo/vehicle-1/things/live/messages/apply");
        assertThat(accepted.path()).isEqualTo("/features/UpdateManager/outbox/messages/apply");
        assertThat(accepted.header("correlation-id")).contains("corr-apply-1");
        assertThat(accepted.value()).isEmpty();
        awaitFinal("things-1");

        assertThat(statuses("things-1")).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.RUNNING,
                Status.COMPLETED);
        assertThat(feedback("things-1")).allSatisfy(f -> {
            assertThat(f.topic()).isEqualTo("demo/vehicle-1/things/live/messages/feedback");
            assertThat(f.header("response-required")).contains("false");
            assertThat(f.header("content-type")).contains("application/json");
        });
        assertThat(comparable(feedback("things-1").stream().map(ThingsModeMqttTest::feedbackOf).toList()))
                .containsExactlyElementsOf(comparable(plainFeedback));
        assertThat(cloud.on("vehicleupdate/desiredstatefeedback")).as("nothing on the plain topics in things mode")
                .hasSameSizeAs(plainFeedback);

        await().until(() -> properties().stream().anyMatch(p -> p.text("activityId").equals("things-1")));
        Sent inventory = properties().stream().filter(p -> p.text("activityId").equals("things-1")).findFirst()
                .orElseThrow();
        assertThat(inventory.object().getValue("inventory/softwareNodes").orElseThrow().toString())
                .contains("\"id\":\"self-update:os-image\",\"version\":\"2.0.0\"")
                .contains("\"id\":\"containers:hello-world\",\"version\":\"latest\"");
    }

    /**
     * Status, message and actions of each feedback; in the final one the actions' statuses depend on whether an
     * agent's own COMPLETED came before the manager finished (a race of the agents, the same in both modes), so
     * there only the components count.
     */
    static List<String> comparable(List<DesiredStateFeedback> sequence) {
        return java.util.stream.IntStream.range(0, sequence.size()).mapToObj(i -> {
            DesiredStateFeedback f = sequence.get(i);
            boolean last = i == sequence.size() - 1;
            return f.status() + " '" + f.message() + "' " + f.actions().stream()
                    .sorted(Comparator.comparing((Action a) -> a.component().id()))
                    .map(a -> a.component().id() + "@" + a.component().version() + (last ? "" : " " + a.status()
                            + " " + a.progress() + " '" + a.message() + "'"))
                    .toList();
        }).toList();
    }

    @Test
    void refreshWritesTheInventoryToTheFeatureProperties() {
        startRegistered(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        cloud.publish(DittoTraffic.requestTopic("refresh-7", "refresh"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "refresh", "corr-refresh-7", true,
                        "{\"activityId\":\"things-refresh-7\",\"timestamp\":1700000002000}"));
        assertThat(response("refresh-7").mqttTopic()).isEqualTo("command///res/refresh-7/204");
        await().until(() -> properties().stream().anyMatch(p -> p.text("activityId").equals("things-refresh-7")));
        Sent inventory = properties().stream().filter(p -> p.text("activityId").equals("things-refresh-7"))
                .findFirst().orElseThrow();
        assertThat(inventory.header("content-type")).contains("application/json");
        assertThat(inventory.object().getKeys().stream().map(Object::toString).toList())
                .containsExactly("activityId", "timestamp", "domain", "inventory");
        assertThat(inventory.object().getValue("inventory/softwareNodes").orElseThrow().toString())
                .contains("vehicle-update-manager", "containers-update-agent", "self-update-agent");
    }

    @Test
    void ownerConsentGoesOutWithACorrelationIdAndOnlyTheAnswerWithItCounts() {
        ManagerSettings d = ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL);
        startRegistered(new ManagerSettings(d.domain(), d.agents(), d.rebootEnabled(), d.rebootAfter(),
                d.reportFeedbackInterval(), d.currentStateDelay(), d.phaseTimeout(), Set.of(Command.DOWNLOAD),
                d.ownerConsentTimeout(), d.failurePolicy(), d.recentActivities()));
        cloud.publish(DittoTraffic.requestTopic("consent-no", "consent"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "consent", "nobody-asked", true,
                        "{\"activityId\":\"c-1\",\"timestamp\":1,\"ownerConsentFeedback\":{\"status\":\"APPROVED\"}}"));
        assertThat(response("consent-no").status()).isEqualTo(400);

        cloud.publish(DittoTraffic.requestTopic("apply-c", "apply"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "apply", "corr-apply-c", true, applyValue("c-1")));
        await().until(() -> events().stream().anyMatch(s -> s.path().endsWith("/outbox/messages/consent")));
        Sent ask = events().stream().filter(s -> s.path().endsWith("/outbox/messages/consent")).findFirst()
                .orElseThrow();
        assertThat(ask.topic()).isEqualTo("demo/vehicle-1/things/live/messages/consent");
        assertThat(ask.header("response-required")).contains("true");
        String correlationId = ask.header("correlation-id").orElseThrow();
        assertThat(ask.text("activityId")).isEqualTo("c-1");
        assertThat(ask.object().getValue("ownerConsent/command")).contains(JsonValue.of("DOWNLOAD"));
        assertThat(containers.received()).doesNotContain("DOWNLOAD");

        String approved = "{\"activityId\":\"c-1\",\"timestamp\":2,\"ownerConsentFeedback\":{\"status\":\"APPROVED\"}}";
        cloud.publish(DittoTraffic.requestTopic("consent-wrong", "consent"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "consent", "not-" + correlationId, true, approved));
        Sent mismatch = response("consent-wrong");
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.text("message")).startsWith("correlation id mismatch");
        assertThat(containers.received()).doesNotContain("DOWNLOAD");

        cloud.publish(DittoTraffic.requestTopic("consent-ok", "consent"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "consent", correlationId, true, approved));
        Sent ok = response("consent-ok");
        assertThat(ok.status()).isEqualTo(204);
        assertThat(ok.header("correlation-id")).contains(correlationId);
        awaitFinal("c-1");
        assertThat(statuses("c-1")).last().isEqualTo(Status.COMPLETED);
    }

    @Test
    void malformedApplyIsAnsweredWithADittoErrorThatNamesThePath() {
        startRegistered(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        cloud.publish(DittoTraffic.requestTopic("bad-1", "apply"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "apply", "corr-bad-1", true,
                        "{\"activityId\":\"bad-1\",\"timestamp\":1,\"desiredState\":{\"domains\":[{\"id\":\"containers\","
                                + "\"components\":[{\"id\":\"x\",\"version\":5}]}]}}"));
        Sent error = response("bad-1");
        assertThat(error.mqttTopic()).isEqualTo("command///res/bad-1/400");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.topic()).isEqualTo("demo/vehicle-1/things/live/messages/apply");
        assertThat(error.path()).isEqualTo("/features/UpdateManager/outbox/messages/apply");
        assertThat(error.header("correlation-id")).contains("corr-bad-1");
        assertThat(error.text("error")).isEqualTo("messages:parameter.invalid");
        assertThat(error.object().getValue("status")).contains(JsonValue.of(400));
        assertThat(error.text("message"))
                .isEqualTo("desiredState.domains[0].components[0].version: expected string, got integer");

        cloud.publish(DittoTraffic.requestTopic("bad-2", "apply"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "apply", "corr-bad-2", true,
                        "{\"activityId\":\"bad-2\",\"timestamp\":1}"));
        assertThat(response("bad-2").text("message")).isEqualTo("desiredState: required field is missing");
        assertThat(containers.received()).isEmpty();
    }

    @Test
    void applyForAnotherThingIsIgnored() {
        startRegistered(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        cloud.publish(DittoTraffic.requestTopic("other-1", "apply"),
                DittoTraffic.inbox("other/vehicle-9", "apply", "corr-other-1", true, applyValue("other-1")));
        cloud.publish(DittoTraffic.requestTopic("refresh-2", "refresh"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "refresh", "corr-refresh-2", true,
                        "{\"activityId\":\"refresh-2\",\"timestamp\":1}"));
        assertThat(response("refresh-2").status()).isEqualTo(204);
        assertThat(DittoTraffic.sent(cloud, "command///res/other-1/")).isEmpty();
        assertThat(feedback("other-1")).isEmpty();
        assertThat(containers.received()).isEmpty();
    }

    @Test
    void aConnectorWithAnotherDeviceIdGetsTheFeatureRegisteredOnItsThing() {
        startRegistered(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        cloud.publish("edge/thing/response", DittoTraffic.EDGE_RESPONSE_1);
        cloud.publish("edge/thing/response",
                "{\"deviceId\":\"demo:vehicle-2\",\"tenantId\":\"demo-tenant\",\"policyId\":\"demo:policy\"}");
        await().until(() -> events().stream().anyMatch(s -> s.topic().startsWith("demo/vehicle-2/")
                && s.path().equals("/features/UpdateManager/properties")));
        assertThat(events().stream().filter(s -> s.path().equals("/features/UpdateManager")).map(Sent::topic))
                .as("the same answer again registers nothing")
                .containsExactly("demo/vehicle-1/things/twin/commands/modify",
                        "demo/vehicle-2/things/twin/commands/modify");

        cloud.publish(DittoTraffic.requestTopic("old-thing", "refresh"),
                DittoTraffic.inbox(DittoTraffic.THING_1, "refresh", "corr-old", true, "{\"activityId\":\"o\",\"timestamp\":1}"));
        cloud.publish(DittoTraffic.requestTopic("new-thing", "refresh"),
                DittoTraffic.inbox("demo/vehicle-2", "refresh", "corr-new", true, "{\"activityId\":\"n\",\"timestamp\":1}"));
        assertThat(response("new-thing").topic()).isEqualTo("demo/vehicle-2/things/live/messages/refresh");
        assertThat(DittoTraffic.sent(cloud, "command///res/old-thing/")).isEmpty();
    }
}

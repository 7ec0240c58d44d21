package org.vehicleupdate.updatemanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/**
 * The hostile-input probe's messages (issue 9) against the real manager over MQTT: each gets its answer, under
 * the sender's own activityId or none, and the running update gets exactly one final status.
 */
class HostileInputMqttTest {
    private static final String FEEDBACK = "vehicleupdate/desiredstatefeedback";
    private static final String CURRENT = "vehicleupdate/currentstate";
    private static final String DESIRED = "vehicleupdate/desiredstate";
    private static final Set<Status> FINAL = Set.of(Status.COMPLETED, Status.INCOMPLETE,
            Status.IDENTIFICATION_FAILED);
    private static EmbeddedBroker broker;

    @TempDir
    Path dataDir;
    private TestMqttClient operator;
    private ScriptedAgent containers;
    private ScriptedAgent selfUpdate;
    private ManagerRuntime manager;
    private final ManagerSettings settings = ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL);
    private final String clientId = "update-manager-" + UUID.randomUUID();

    @BeforeAll
    static void startBroker() {
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        Awaitility.reset();
        broker.close();
    }

    @BeforeEach
    void start() {
        operator = new TestMqttClient(broker.url()).subscribe(FEEDBACK, CURRENT);
        containers = new ScriptedAgent(broker.url(), "containers", "1.0").start();
        selfUpdate = new ScriptedAgent(broker.url(), "self-update", "1.0").start();
        manager = ManagerInstance.start(broker.url(), clientId, dataDir, settings, activityId -> { });
    }

    @AfterEach
    void stop() {
        manager.close();
        containers.close();
        selfUpdate.close();
        operator.close();
    }

    private static String desiredState(String activityIdJson) {
        return "{\"activityId\":" + activityIdJson + ",\"timestamp\":1,\"payload\":{\"domains\":["
                + "{\"id\":\"containers\",\"components\":[{\"id\":\"app\",\"version\":\"2.0\"}]}]}}";
    }

    private List<Envelope<DesiredStateFeedback>> feedback() {
        return operator.on(FEEDBACK).stream().map(json -> WireJson.readEnvelope(json, DesiredStateFeedback.class))
                .toList();
    }

    private List<Status> statuses(String activityId) {
        return feedback().stream().filter(e -> e.activityId().equals(activityId)).map(e -> e.payload().status())
                .toList();
    }

    /** The refusal without an activityId whose message contains this. */
    private DesiredStateFeedback anonymousRefusal(String containing) {
        await().atMost(Duration.ofSeconds(10)).until(() -> feedback().stream().anyMatch(e -> e.activityId()
                .isEmpty() && e.payload().message().contains(containing)));
        return feedback().stream().filter(e -> e.activityId().isEmpty() && e.payload().message().contains(containing))
                .findFirst().orElseThrow().payload();
    }

    private DesiredStateFeedback finalOf(String activityId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses(activityId).stream().anyMatch(FINAL::contains));
        return feedback().stream().filter(e -> e.activityId().equals(activityId)
                && FINAL.contains(e.payload().status())).findFirst().orElseThrow().payload();
    }

    @Test
    void everyProbeMessageIsAnsweredUnderItsOwnIdAndTheRunningUpdateEndsOnce() {
        containers.silentOn.add(Command.UPDATE);
        operator.publish(DESIRED, desiredState("\"S4\""));
        await().until(() -> containers.received().contains("UPDATE"));

        operator.publish(DESIRED, "{\"activityId\":\"S4\",\"payload\":{\"domains\":\"bad\"}}");
        operator.publish(DESIRED, "{\"activityId\":\"S4\",\"payload\":{\"domains\":[{\"id\":\"conta");
        operator.publish(DESIRED, "{\"activityId\":99,\"payload\":{\"domains\":\"bad\",\"note\":{\"activityId\":"
                + "\"victim\"}}}");
        operator.publish(DESIRED, desiredState("\"\\ud800\""));
        operator.publish(DESIRED, desiredState("\"\""));
        operator.publish(DESIRED, desiredState("\"g1\"") + "garbage");
        operator.publish(DESIRED, desiredState("\"g2\"") + desiredState("\"g2\""));
        operator.publish(DESIRED, "{\"activityId\":\"p2\",\"payload\":{\"domains\":\"bad\"},\"payload\":{"
                + "\"domains\":[]}}");
        operator.publish(DESIRED, "{\"activityId\":\"t1\",\"timestamp\":1000000000000000000000000000000,"
                + "\"payload\":{\"domains\":[]}}");
        String components = IntStream.range(0, 10_000).mapToObj(i -> "{\"id\":\"c" + i + "\",\"version\":\"1\"}")
                .collect(Collectors.joining(","));
        operator.publish(DESIRED, "{\"activityId\":\"big\",\"payload\":{\"domains\":[{\"id\":\"self-update\","
                + "\"components\":[" + components + "]}]}}");

        assertThat(anonymousRefusal("payload.domains: expected array, got string; its activityId 'S4' is that of"
                + " the activity in progress").status()).isEqualTo(Status.IDENTIFICATION_FAILED);
        assertThat(anonymousRefusal("message: not valid JSON at line 1, column ").message())
                .contains("its activityId 'S4' is that of the activity in progress");
        assertThat(anonymousRefusal("activityId: expected string, got integer; payload.domains: expected array,"
                + " got string").message()).doesNotContain("victim");
        assertThat(anonymousRefusal("activityId: '\\ud800' is not valid Unicode: a lone surrogate \\ud800 at"
                + " character 1").message()).startsWith("invalid desired state: ");
        assertThat(anonymousRefusal("activityId must not be empty").message())
                .isEqualTo("invalid desired state: activityId must not be empty");
        assertThat(finalOf("g1").message()).isEqualTo("invalid desired state: message: not valid JSON at line 1,"
                + " column 122: more content after the end of the message (one JSON object per message)");
        assertThat(finalOf("g2").message()).contains("more content after the end of the message");
        assertThat(finalOf("p2").message()).isEqualTo("invalid desired state: payload: appears twice (each field"
                + " once per object)");
        assertThat(finalOf("t1").message()).isEqualTo("invalid desired state: timestamp: must be at most"
                + " 9223372036854775807, got 1000000000000000000000000000000");
        assertThat(finalOf("big").message()).isEqualTo("invalid desired state: payload.domains: 10000 components"
                + " in all, more than the 2048 whose feedback fits in one message within the limit of 1048576 bytes"
                + " (512 bytes for each component's action)");
        assertThat(statuses("victim")).isEmpty();
        assertThat(operator.on(FEEDBACK)).noneMatch(json -> json.contains("Exception") || json.contains("BEGIN_"));
        assertThat(containers.received()).filteredOn("desiredstate"::equals).hasSize(1);
        assertThat(selfUpdate.received()).isEmpty();

        containers.silentOn.clear();
        containers.report("S4", Status.UPDATE_SUCCESS, "");
        assertThat(finalOf("S4").status()).isEqualTo(Status.COMPLETED);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> statuses("S4").stream().filter(FINAL::contains).count() == 1);
    }

    @Test
    void aForgedCurrentStateFromTheFutureDoesNotPinTheVehiclesInventory() {
        operator.publish("containersupdate/currentstate", "{\"activityId\":\"\",\"timestamp\":9999999999999,"
                + "\"payload\":{\"softwareNodes\":[{\"id\":\"containers-update-agent\",\"version\":\"1.0\","
                + "\"type\":\"APPLICATION\",\"parameters\":[{\"key\":\"domain\",\"value\":\"containers\"}]},"
                + "{\"id\":\"containers:evil\",\"version\":\"6.6.6\",\"type\":\"CONTAINER\"}],"
                + "\"associations\":[{\"sourceId\":\"containers-update-agent\",\"targetId\":\"containers:evil\"}]}}");
        operator.publish(DESIRED, desiredState("\"after-forgery\""));
        assertThat(finalOf("after-forgery").status()).isEqualTo(Status.COMPLETED);

        operator.publish("vehicleupdate/currentstate/get", "{\"activityId\":\"get-1\"}");
        // the agents' answers to the manager's own request count: no read timeout is waited for
        await().atMost(Duration.ofMillis(1_500)).until(() -> current("get-1") != null);
        assertThat(current("get-1").softwareNodes()).extracting(SoftwareNode::id).contains("containers:app")
                .doesNotContain("containers:evil");
        assertThat(current("after-forgery").softwareNodes()).extracting(n -> n.id() + "@" + n.version())
                .contains("containers:app@2.0").doesNotContain("containers:evil@6.6.6");
    }

    private Inventory current(String activityId) {
        return operator.on(CURRENT).stream().map(json -> WireJson.readEnvelope(json, Inventory.class))
                .filter(e -> e.activityId().equals(activityId)).map(Envelope::payload).findFirst().orElse(null);
    }

    @Test
    void afterAKillDuringIdentificationAndARedeliveryTheSequenceStaysInKantosOrder() {
        selfUpdate.answersDesiredState = false;
        String twoDomains = "{\"activityId\":\"i1\",\"timestamp\":1,\"payload\":{\"domains\":["
                + "{\"id\":\"containers\",\"components\":[{\"id\":\"app\",\"version\":\"2.0\"}]},"
                + "{\"id\":\"self-update\",\"components\":[{\"id\":\"app\",\"version\":\"2.0\"}]}]}}";
        operator.publish(DESIRED, twoDomains);
        await().until(() -> selfUpdate.received().contains("desiredstate") && statuses("i1").size() == 1);
        manager.halt();

        selfUpdate.answersDesiredState = true;
        manager = ManagerInstance.start(broker.url(), clientId, dataDir, settings, activityId -> { });
        operator.publish(DESIRED, twoDomains); // the broker's redelivery
        assertThat(finalOf("i1").status()).isEqualTo(Status.COMPLETED);

        List<Status> seen = new ArrayList<>();
        for (Status status : statuses("i1")) {
            if (seen.isEmpty() || seen.get(seen.size() - 1) != status) {
                seen.add(status);
            }
        }
        assertThat(seen).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.RUNNING, Status.COMPLETED);
    }
}

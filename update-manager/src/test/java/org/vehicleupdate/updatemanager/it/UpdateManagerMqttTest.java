package org.vehicleupdate.updatemanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.core.Rebooter;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/** The update-manager over real MQTT (embedded HiveMQ CE) with scripted agents. */
class UpdateManagerMqttTest {
    private static final String FEEDBACK = "vehicleupdate/desiredstatefeedback";
    private static final String CURRENT = "vehicleupdate/currentstate";
    private static EmbeddedBroker broker;

    @TempDir
    Path dataDir;
    private TestMqttClient operator;
    private ScriptedAgent containers;
    private ScriptedAgent selfUpdate;
    private ManagerRuntime manager;
    private String clientId;

    @BeforeAll
    static void startBroker() {
        // a manager halted in the middle of a message makes Paho throw from its acknowledgement on the dead
        // client's thread (service-kit's PahoMessageBus); that thread's exception is not this test's result
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        Awaitility.reset();
        broker.close();
    }

    @BeforeEach
    void startAgents() {
        clientId = "update-manager-" + UUID.randomUUID();
        operator = new TestMqttClient(broker.url()).subscribe(FEEDBACK, CURRENT);
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
        operator.close();
    }

    private void startManager(ManagerSettings settings) {
        manager = ManagerInstance.start(broker.url(), clientId, dataDir, settings, activityId -> { });
    }

    private static String desiredState(String activityId) {
        return """
                {"activityId":"%s","timestamp":123456789,"payload":{"domains":[
                  {"id":"self-update","components":[{"id":"app","version":"2.0",
                     "config":[{"key":"image","value":"https://bundles/os.raucb"}]}]},
                  {"id":"containers","config":[],"components":[{"id":"app","version":"2.0",
                     "config":[{"key":"image","value":"docker.io/library/hello-world:latest"},{"key":"env","value":"FOO=BAR"}]}]}]}}
                """.formatted(activityId);
    }

    private List<DesiredStateFeedback> feedback(String activityId) {
        return operator.on(FEEDBACK).stream().map(json -> WireJson.readEnvelope(json, DesiredStateFeedback.class))
                .filter(e -> e.activityId().equals(activityId)).map(Envelope::payload).toList();
    }

    private List<Status> statuses(String activityId) {
        return feedback(activityId).stream().map(DesiredStateFeedback::status).toList();
    }

    private DesiredStateFeedback finalFeedback(String activityId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(activityId).stream()
                .anyMatch(s -> s == Status.COMPLETED || s == Status.INCOMPLETE || s == Status.IDENTIFICATION_FAILED));
        return feedback(activityId).stream().filter(f -> f.status() != Status.RUNNING
                && f.status() != Status.IDENTIFYING && f.status() != Status.IDENTIFIED).findFirst().orElseThrow();
    }

    @Test
    void twoDomainUpdateEndsCompletedWithTheAggregatedInventory() {
        startManager(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        operator.publish("vehicleupdate/desiredstate", desiredState("u1"));

        DesiredStateFeedback done = finalFeedback("u1");
        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThat(statuses("u1")).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.RUNNING,
                Status.COMPLETED);
        assertThat(done.actions()).extracting(a -> a.component().id())
                .containsExactlyInAnyOrder("self-update:app", "containers:app");
        assertThat(containers.received()).containsExactly("desiredstate", "DOWNLOAD", "do DOWNLOAD", "UPDATE",
                "do UPDATE", "ACTIVATE", "do ACTIVATE", "CLEANUP", "do CLEANUP");

        await().atMost(Duration.ofSeconds(10)).until(() -> operator.on(CURRENT).stream()
                .anyMatch(json -> json.contains("\"activityId\":\"u1\"")));
        String current = operator.on(CURRENT).stream().filter(json -> json.contains("\"activityId\":\"u1\""))
                .findFirst().orElseThrow();
        Inventory inventory = WireJson.readEnvelope(current, Inventory.class).payload();
        assertThat(inventory.softwareNodes()).extracting(n -> n.id() + "@" + n.version())
                .contains("vehicle-update-manager@0.1.0", "containers:app@2.0", "self-update:app@2.0");
        assertThat(inventory.associations()).extracting(a -> a.sourceId() + "->" + a.targetId())
                .contains("vehicle-update-manager->containers-update-agent",
                        "vehicle-update-manager->self-update-agent");
    }

    @Test
    void failureInOneDomainRollsTheOtherBack() {
        startManager(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        containers.failOn = Command.UPDATE;
        operator.publish("vehicleupdate/desiredstate", desiredState("u2"));

        DesiredStateFeedback done = finalFeedback("u2");
        assertThat(done.status()).isEqualTo(Status.INCOMPLETE);
        assertThat(done.message()).isEqualTo("the update process is incompleted: domain 'containers' failed in"
                + " UPDATE (UPDATE_FAILURE: scripted failure in UPDATE); rolled back: self-update, containers");
        assertThat(selfUpdate.received()).containsSubsequence("UPDATE", "ROLLBACK", "CLEANUP")
                .doesNotContain("ACTIVATE");
    }

    @Test
    void rebootInTheMiddleIsFinishedByTheNextManagerOnTheSameDataDirectory() {
        AtomicBoolean rebooted = new AtomicBoolean();
        AtomicReference<ManagerRuntime> first = new AtomicReference<>();
        ManagerSettings settings = ManagerInstance.settings(true, FailurePolicy.ROLLBACK_ALL);
        // the reboot kills the manager: nothing after the command runs
        first.set(ManagerInstance.start(broker.url(), clientId, dataDir, settings, activityId -> {
            rebooted.set(true);
            first.get().halt();
            throw new IllegalStateException("killed by the reboot");
        }));
        operator.publish("vehicleupdate/desiredstate", desiredState("u3"));
        await().atMost(Duration.ofSeconds(20)).untilTrue(rebooted);
        assertThat(feedback("u3")).anySatisfy(f -> assertThat(f.message()).contains("will reboot"));
        assertThat(statuses("u3")).doesNotContain(Status.COMPLETED);

        startManager(settings);
        selfUpdate.report("u3", Status.ACTIVATION_SUCCESS, "booted the new slot");
        assertThat(finalFeedback("u3").status()).isEqualTo(Status.COMPLETED);
        assertThat(selfUpdate.executions(Command.ACTIVATE)).isEqualTo(1);
        assertThat(selfUpdate.received()).containsSubsequence("do ACTIVATE", "CLEANUP");
    }

    @Test
    void aRollbackAfterTheRebootIntoTheNewVersionRebootsBackAndEndsOnlyOnThePreviousVersion() {
        ManagerSettings settings = ManagerInstance.settings(true, FailurePolicy.ROLLBACK_ALL);
        AtomicInteger reboots = new AtomicInteger();
        AtomicReference<ManagerRuntime> running = new AtomicReference<>();
        Rebooter killedByTheReboot = activityId -> {
            reboots.incrementAndGet();
            running.get().halt();
            throw new IllegalStateException("killed by the reboot");
        };
        running.set(ManagerInstance.start(broker.url(), clientId, dataDir, settings, killedByTheReboot));
        operator.publish("vehicleupdate/desiredstate", desiredState("r1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> reboots.get() == 1);

        // the new version boots, but the self-update agent finds the wrong slot booted
        selfUpdate.silentOn.add(Command.ACTIVATE);
        selfUpdate.answersCurrentState = false;
        running.set(ManagerInstance.start(broker.url(), clientId, dataDir, settings, killedByTheReboot));
        selfUpdate.report("r1", Status.ACTIVATION_FAILURE, "booted slot A, expected B");
        await().atMost(Duration.ofSeconds(20)).until(() -> reboots.get() == 2);
        assertThat(statuses("r1")).doesNotContain(Status.INCOMPLETE, Status.COMPLETED);
        assertThat(selfUpdate.received()).doesNotContain("CLEANUP");

        selfUpdate.answersCurrentState = true;
        startManager(settings);
        DesiredStateFeedback done = finalFeedback("r1");
        assertThat(done.status()).isEqualTo(Status.INCOMPLETE);
        assertThat(done.message()).isEqualTo("the update process is incompleted: domain 'self-update' failed in"
                + " VERIFICATION (ACTIVATION_FAILURE: booted slot A, expected B); rolled back: self-update, containers;"
                + " back on the previous version after a reboot: self-update");
        assertThat(selfUpdate.executions(Command.ROLLBACK)).isEqualTo(1);
        assertThat(selfUpdate.received()).containsSubsequence("do ROLLBACK", "CLEANUP");
        assertThat(feedback("r1")).extracting(DesiredStateFeedback::message)
                .anySatisfy(m -> assertThat(m).endsWith("to boot the previous version of self-update"))
                .contains("verifying that the previous version booted after the rollback");
    }

    @ParameterizedTest
    @EnumSource(value = Command.class, names = {"DOWNLOAD", "UPDATE", "ACTIVATE", "CLEANUP"})
    void killedAtAPhaseBoundaryTheNextManagerFinishesWithoutApplyingTwice(Command boundary) {
        ManagerSettings settings = ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL);
        AtomicReference<ManagerRuntime> first = new AtomicReference<>();
        AtomicBoolean killed = new AtomicBoolean();
        containers.onCommand = command -> {
            if (command == boundary && killed.compareAndSet(false, true)) {
                first.get().halt();
            }
        };
        first.set(ManagerInstance.start(broker.url(), clientId, dataDir, settings, activityId -> { }));
        operator.publish("vehicleupdate/desiredstate", desiredState("k-" + boundary));
        await().atMost(Duration.ofSeconds(20)).untilTrue(killed);

        startManager(settings);
        assertThat(finalFeedback("k-" + boundary).status()).isEqualTo(Status.COMPLETED);
        for (ScriptedAgent agent : List.of(containers, selfUpdate)) {
            for (Command command : List.of(Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.CLEANUP)) {
                assertThat(agent.executions(command)).as(command + " carried out once").isEqualTo(1);
            }
        }
    }

    @Test
    void ownerApprovesTheUpdateOverMqtt() {
        ManagerSettings d = ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL);
        startManager(new ManagerSettings(d.domain(), d.agents(), d.rebootEnabled(), d.rebootAfter(),
                d.reportFeedbackInterval(), d.currentStateDelay(), d.phaseTimeout(), java.util.Set.of(Command.UPDATE),
                d.ownerConsentTimeout(), d.failurePolicy(), d.recentActivities()));
        try (TestMqttClient hmi = new TestMqttClient(broker.url()).subscribe("vehicleupdate/ownerconsent")) {
            operator.publish("vehicleupdate/desiredstate", desiredState("c1"));
            await().until(() -> !hmi.on("vehicleupdate/ownerconsent").isEmpty());
            assertThat(hmi.on("vehicleupdate/ownerconsent").get(0)).contains("\"activityId\":\"c1\"")
                    .contains("\"command\":\"UPDATE\"");
            assertThat(containers.received()).doesNotContain("UPDATE");
            hmi.publish("vehicleupdate/ownerconsentfeedback",
                    "{\"activityId\":\"c1\",\"timestamp\":1,\"payload\":{\"status\":\"APPROVED\"}}");
            assertThat(finalFeedback("c1").status()).isEqualTo(Status.COMPLETED);
        }
    }

    @Test
    void sameDesiredStateAgainIsAnsweredAndAnotherOneIsRefused() {
        startManager(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        containers.silentOn.add(Command.UPDATE);
        operator.publish("vehicleupdate/desiredstate", desiredState("d1"));
        await().until(() -> containers.received().contains("UPDATE"));
        operator.publish("vehicleupdate/desiredstate", desiredState("d2"));
        operator.publish("vehicleupdate/desiredstate", desiredState("d1"));

        assertThat(finalFeedback("d2")).isEqualTo(DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                "Another update activity in progress - d1", List.of()));
        await().until(() -> statuses("d1").stream().filter(s -> s == Status.RUNNING).count() >= 2);
        assertThat(containers.received()).filteredOn("desiredstate"::equals).hasSize(1);
        assertThat(containers.received()).filteredOn("DOWNLOAD"::equals).hasSize(1);
    }

    @Test
    void malformedMessagesAreAnsweredOrLoggedAndTheRunningUpdateGoesOn() {
        startManager(ManagerInstance.settings(false, FailurePolicy.ROLLBACK_ALL));
        containers.silentOn.add(Command.UPDATE);
        operator.publish("vehicleupdate/desiredstate", desiredState("m1"));
        await().until(() -> containers.received().contains("UPDATE"));

        operator.publish("vehicleupdate/desiredstate", "this is not JSON");
        operator.publish("vehicleupdate/desiredstate",
                "{\"activityId\":\"m2\",\"timestamp\":1,\"payload\":{\"domains\":[{\"id\":\"containers\","
                        + "\"components\":[{\"id\":\"x\",\"version\":5}]}]}}");
        operator.publish("vehicleupdate/desiredstate", "{\"activityId\":\"m3\",\"payload\":\""
                + "x".repeat(1_100_000) + "\"}");
        operator.publish("vehicleupdate/desiredstate/command", "{\"activityId\":\"m1\",\"payload\":{\"command\":\"EXPLODE\"}}");
        operator.publish("containersupdate/desiredstatefeedback", "{\"activityId\":\"m1\",\"payload\":{\"status\":\"NONSENSE\"}}");
        operator.publish("containersupdate/desiredstatefeedback", "[1,2,3]");
        operator.publish("containersupdate/desiredstatefeedback",
                "{\"activityId\":\"unknown\",\"timestamp\":1,\"payload\":{\"status\":\"UPDATE_SUCCESS\"}}");
        operator.publish("vehicleupdate/ownerconsentfeedback", "{\"activityId\":\"m1\",\"payload\":{\"status\":\"MAYBE\"}}");

        await().until(() -> operator.on(FEEDBACK).stream().filter(j -> j.contains("IDENTIFICATION_FAILED")).count() >= 3);
        assertThat(finalFeedback("m2").message()).startsWith("invalid desired state: payload.domains[0].components[0]"
                + ".version");
        assertThat(finalFeedback("m3").message()).contains("over the limit");
        assertThat(operator.on(FEEDBACK)).anySatisfy(j -> assertThat(j).contains("not valid JSON"));

        containers.silentOn.clear();
        containers.report("m1", Status.UPDATE_SUCCESS, "");
        assertThat(finalFeedback("m1").status()).isEqualTo(Status.COMPLETED);
    }
}

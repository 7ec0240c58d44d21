package org.vehicleupdate.cli.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.OwnerConsentFeedback;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The commands against a real broker, with the test playing the update-manager (and its agents) through a
 * plain MQTT client, as {@code mosquitto_pub}/{@code mosquitto_sub} would.
 */
class CommandsAgainstABrokerTest {
    private static final String DESIRED_STATE = "vehicleupdate/desiredstate";
    private static final String FEEDBACK = "vehicleupdate/desiredstatefeedback";
    private static final MessageReader READER = new MessageReader();
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

    private static String feedback(String activityId, String status, String message, String... actions) {
        return "{\"activityId\":\"" + activityId + "\",\"timestamp\":1700000000000,\"payload\":{\"status\":\"" + status
                + "\",\"message\":\"" + message + "\",\"actions\":[" + String.join(",", actions) + "]}}";
    }

    private static String action(String component, String status, int progress, String message) {
        return "{\"component\":{\"id\":\"" + component + "\",\"version\":\"2.0\"},\"status\":\"" + status
                + "\",\"progress\":" + progress + ",\"message\":\"" + message + "\"}";
    }

    private Path desiredStateFile() throws IOException {
        return Files.writeString(dir.resolve("update.json"), """
                {"domains": [
                  {"id": "containers", "components": [
                    {"id": "app", "version": "2.0", "config": [{"key": "image", "value": "registry.local/app:2.0"}]}]},
                  {"id": "self-update", "components": [
                    {"id": "os-image", "version": "2.0", "config": [{"key": "image", "value": "http://x/os.raucb"}]}]}
                ]}""");
    }

    /** Waits for the CLI's desired state and returns it as the update-manager would read it. */
    private static Envelope<DesiredState> received(TestMqttClient manager) {
        await().atMost(Duration.ofSeconds(20)).until(() -> manager.on(DESIRED_STATE).size() == 1);
        ReadResult<DesiredState> read = READER.read(manager.on(DESIRED_STATE).get(0).getBytes(StandardCharsets.UTF_8),
                MessageKind.DESIRED_STATE);
        return assertInstanceOf(ReadResult.Accepted.class, read).envelope();
    }

    @Test
    void applyFollowsTheUpdateToCompletedShowingPhasesAndProgressAndExitsZero() throws Exception {
        CliRun cli = CliRun.plain();
        try (TestMqttClient manager = new TestMqttClient(broker.url()).subscribe(DESIRED_STATE)) {
            CompletableFuture<Integer> apply = cli.start("apply", "--broker", broker.url(),
                    desiredStateFile().toString());

            Envelope<DesiredState> published = received(manager);
            String id = published.activityId();
            assertEquals(List.of("containers", "self-update"),
                    published.payload().domains().stream().map(d -> d.id()).toList());
            // another operator's update ends meanwhile: it must not end this one
            manager.publish(FEEDBACK, feedback("someone-else", "INCOMPLETE", "not ours"));
            manager.publish(FEEDBACK, feedback(id, "IDENTIFYING", ""));
            manager.publish(FEEDBACK, feedback(id, "IDENTIFIED", "",
                    action("containers:app", "IDENTIFIED", 0, ""), action("self-update:os-image", "IDENTIFIED", 0, "")));
            manager.publish("selfupdate/desiredstatefeedback", feedback(id, "DOWNLOADING", "fetching bundle"));
            manager.publish(FEEDBACK, feedback(id, "RUNNING", "",
                    action("containers:app", "DOWNLOADING", 0, ""),
                    action("self-update:os-image", "DOWNLOADING", 50, "")));
            manager.publish(FEEDBACK, feedback(id, "COMPLETED", "all domains are on the desired state",
                    action("containers:app", "UPDATE_SUCCESS", 100, "New container instance is started."),
                    action("self-update:os-image", "UPDATE_SUCCESS", 100, "")));

            assertEquals(0, apply.get(30, TimeUnit.SECONDS), cli.out() + cli.err());
        }
        String out = cli.out();
        assertTrue(out.contains(" as activity "), out);
        assertTrue(out.contains("vehicle                        IDENTIFIED"), out);
        assertTrue(out.contains("domain self-update             DOWNLOADING  fetching bundle"), out);
        assertTrue(out.contains("  self-update:os-image 2.0     DOWNLOADING        [##########..........]  50%"), out);
        assertTrue(out.contains("  containers:app 2.0           UPDATE_SUCCESS     [####################] 100%"
                + "  New container instance is started."), out);
        assertTrue(out.endsWith("COMPLETED: all domains are on the desired state\n"), out);
        assertFalse(out.contains("not ours"), out);
    }

    @Test
    void applyEndsWithExitOneAndTheManagersReasonWhenTheUpdateIsIncomplete() throws Exception {
        String envelope = "{\"activityId\":\"rollout-42\",\"payload\":" + Files.readString(desiredStateFile()) + "}";
        CliRun cli = CliRun.withStdin(envelope);
        try (TestMqttClient manager = new TestMqttClient(broker.url()).subscribe(DESIRED_STATE)) {
            CompletableFuture<Integer> apply = cli.start("apply", "--broker", broker.url(), "-");

            assertEquals("rollout-42", received(manager).activityId());
            manager.publish(FEEDBACK, feedback("rollout-42", "RUNNING", "",
                    action("self-update:os-image", "UPDATE_FAILURE", 100, "bundle signature not trusted")));
            manager.publish(FEEDBACK, feedback("rollout-42", "INCOMPLETE",
                    "self-update: bundle signature not trusted; containers rolled back"));

            assertEquals(1, apply.get(30, TimeUnit.SECONDS), cli.out() + cli.err());
        }
        assertTrue(cli.out().contains("UPDATE_FAILURE"), cli.out());
        assertTrue(cli.out().endsWith("INCOMPLETE: self-update: bundle signature not trusted; containers rolled back\n"),
                cli.out());
    }

    @Test
    void applyGivesUpFollowingAfterTheTimeoutWithExitThree() throws Exception {
        CliRun cli = CliRun.plain();
        assertEquals(3, cli.execute("apply", "--broker", broker.url(), "--timeout", "1s",
                desiredStateFile().toString()));
        assertTrue(cli.out().contains("TIMEOUT: no final status within 1s; no feedback at all for activity"),
                cli.out());
    }

    @Test
    void anInvalidFileIsRefusedWithPathAndReasonAndExitTwoBeforeConnecting() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"),
                "{\"domains\":[{\"id\":\"containers\",\"components\":[{\"id\":\"app\",\"version\":2}]}]}");
        CliRun cli = CliRun.plain();
        // a broker nobody listens on: the refusal must come before any connection attempt
        assertEquals(2, cli.execute("apply", "--broker", "tcp://127.0.0.1:" + EmbeddedBroker.freePort(),
                bad.toString()));
        assertEquals("vehicle-update: " + bad + ": not a valid desired state:"
                + " payload.domains[0].components[0].version: expected string, got integer\n", cli.err());

        CliRun huge = CliRun.withStdin("{\"domains\":[" + " ".repeat(1024 * 1024) + "]}");
        assertEquals(2, huge.execute("apply", "-"));
        assertEquals("vehicle-update: stdin: not a valid desired state: message: more than 1048576 bytes is over the"
                + " limit of 1048576 bytes\n", huge.err());

        CliRun directory = CliRun.plain();
        assertEquals(2, directory.execute("apply", dir.toString()));
        assertEquals("vehicle-update: " + dir + ": is a directory\n", directory.err());

        CliRun missing = CliRun.plain();
        assertEquals(2, missing.execute("apply", dir.resolve("nope.json").toString()));
        assertEquals("vehicle-update: " + dir.resolve("nope.json") + ": no such file\n", missing.err());
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitFour() {
        String url = "tcp://127.0.0.1:" + EmbeddedBroker.freePort();
        CliRun cli = CliRun.plain();
        assertEquals(4, cli.execute("status", "--broker", url, "--connect-timeout", "1s"));
        assertEquals("vehicle-update: cannot reach broker " + url + " (no connection within 1s: Unable to connect to"
                + " server: Connection refused)\n", cli.err());
    }

    private static final String INVENTORY = """
            {"activityId": "%s", "timestamp": 1700000000000, "payload": {
              "softwareNodes": [
                {"id": "vehicle-update-manager", "version": "0.1.0", "name": "Vehicle Update Manager", "type": "APPLICATION"},
                {"id": "containers-update-agent", "version": "0.1.0", "type": "APPLICATION",
                 "parameters": [{"key": "domain", "value": "containers"}]},
                {"id": "containers:app", "version": "2.0", "type": "CONTAINER",
                 "parameters": [{"key": "image", "value": "registry.local/app:2.0"}, {"key": "status", "value": "Running"}]}
              ],
              "associations": [
                {"sourceId": "vehicle-update-manager", "targetId": "containers-update-agent"},
                {"sourceId": "containers-update-agent", "targetId": "containers:app"}
              ]}}""";

    @Test
    void statusShowsTheRetainedInventoryAsATableWhenNobodyAnswers() {
        try (TestMqttClient manager = new TestMqttClient(broker.url())) {
            manager.publish("vehicleupdate/currentstate", INVENTORY.formatted("initial-current-state-1"), true);
            CliRun cli = CliRun.plain();
            try {
                assertEquals(0, cli.execute("status", "--broker", broker.url(), "--wait", "1s"), cli.err());
            } finally {
                manager.publish("vehicleupdate/currentstate", "", true);
            }
            assertEquals("""
                    inventory on vehicleupdate/currentstate of 2023-11-14 22:13:20 (activity initial-current-state-1),\
                     the retained one: no answer to the request within 1s
                    NODE                       TYPE         VERSION  NAME                    PARAMETERS
                    vehicle-update-manager     APPLICATION  0.1.0    Vehicle Update Manager
                      containers-update-agent  APPLICATION  0.1.0                            domain=containers
                        containers:app         CONTAINER    2.0                              status=Running\
                     image=registry.local/app:2.0
                    """, cli.out());
        }
    }

    @Test
    void statusShowsTheAnswerToItsOwnRequest() throws Exception {
        try (TestMqttClient manager = new TestMqttClient(broker.url()).subscribe("vehicleupdate/currentstate/get")) {
            CliRun cli = CliRun.plain();
            CompletableFuture<Integer> status = cli.start("status", "--broker", broker.url(), "--wait", "20s");
            await().atMost(Duration.ofSeconds(20)).until(() -> manager.on("vehicleupdate/currentstate/get").size() == 1);
            String requestId = READER.read(manager.on("vehicleupdate/currentstate/get").get(0)
                    .getBytes(StandardCharsets.UTF_8), MessageKind.CURRENT_STATE_GET) instanceof ReadResult.Accepted<?> a
                    ? a.envelope().activityId() : "";
            assertFalse(requestId.isEmpty());
            manager.publish("vehicleupdate/currentstate", INVENTORY.formatted(requestId));

            assertEquals(0, status.get(30, TimeUnit.SECONDS), cli.err());
            assertTrue(cli.out().startsWith("inventory on vehicleupdate/currentstate of 2023-11-14 22:13:20 (activity "
                    + requestId + ")\n"), cli.out());
        }
    }

    @Test
    void consentApproveAnswersThePendingRequestAndSaysWhichItAnswered() {
        try (TestMqttClient hmi = new TestMqttClient(broker.url()).subscribe("vehicleupdate/ownerconsentfeedback")) {
            hmi.publish("vehicleupdate/ownerconsent", "{\"activityId\":\"rollout-7\",\"payload\":{\"command\":\"UPDATE\"}}",
                    true);
            CliRun cli = CliRun.plain();
            try {
                assertEquals(0, cli.execute("consent", "approve", "--broker", broker.url(), "--wait", "10s"), cli.err());
            } finally {
                hmi.publish("vehicleupdate/ownerconsent", "", true);
            }
            assertEquals("APPROVED sent for activity rollout-7 on vehicleupdate/ownerconsentfeedback"
                    + " (it asked for consent to UPDATE)\n", cli.out());
            await().until(() -> hmi.on("vehicleupdate/ownerconsentfeedback").size() == 1);
            Envelope<OwnerConsentFeedback> answer = assertInstanceOf(ReadResult.Accepted.class, READER.read(
                    hmi.on("vehicleupdate/ownerconsentfeedback").get(0).getBytes(StandardCharsets.UTF_8),
                    MessageKind.OWNER_CONSENT_FEEDBACK)).envelope();
            assertEquals("rollout-7", answer.activityId());
            assertEquals(ConsentStatus.APPROVED, answer.payload().status());
        }
    }

    @Test
    void consentDenyForAGivenActivityIsSentAtOnceAndWithoutARequestItTimesOut() {
        try (TestMqttClient hmi = new TestMqttClient(broker.url()).subscribe("vehicleupdate/ownerconsentfeedback")) {
            CliRun cli = CliRun.plain();
            assertEquals(0, cli.execute("consent", "deny", "--activity", "rollout-8", "--broker", broker.url()));
            await().until(() -> hmi.on("vehicleupdate/ownerconsentfeedback").size() == 1);
            assertTrue(hmi.on("vehicleupdate/ownerconsentfeedback").get(0)
                    .matches("\\{\"activityId\":\"rollout-8\",\"timestamp\":\\d+,\"payload\":\\{\"status\":\"DENIED\"}}"),
                    hmi.on("vehicleupdate/ownerconsentfeedback").get(0));
        }
        CliRun waiting = CliRun.plain();
        assertEquals(3, waiting.execute("consent", "approve", "--broker", broker.url(), "--wait", "1s"));
        assertEquals("vehicle-update: no owner consent request on vehicleupdate/ownerconsent within 1s;"
                + " pass --activity ID to answer a known activity\n", waiting.err());
    }

    @Test
    void watchShowsEveryActivitysFeedbackAndWithAllTheAgentsToo() throws Exception {
        CliRun cli = CliRun.plain();
        CompletableFuture<Integer> watch = cli.start("watch", "--all", "--count", "3", "--broker", broker.url());
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.err().startsWith("watching +/desiredstatefeedback"));
        try (TestMqttClient services = new TestMqttClient(broker.url())) {
            services.publish(FEEDBACK, feedback("a-1", "RUNNING", "",
                    action("containers:app", "DOWNLOADING", 40, "pulling")));
            services.publish("containersupdate/desiredstatefeedback", feedback("a-1", "DOWNLOADING", ""));
            services.publish(FEEDBACK, "{\"activityId\":\"b-2\",\"payload\":{\"status\":\"NOT_A_STATUS\"}}");
        }
        assertEquals(0, watch.get(30, TimeUnit.SECONDS), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals(4, lines.size(), cli.out());
        assertTrue(lines.get(0).endsWith("  vehicleupdate  a-1  RUNNING"), lines.get(0));
        assertEquals("    containers:app  DOWNLOADING  40%  pulling", lines.get(1));
        assertTrue(lines.get(2).endsWith("  containersupdate  a-1  DOWNLOADING"), lines.get(2));
        assertTrue(lines.get(3).contains("  vehicleupdate  b-2  INVALID  payload.status: "), lines.get(3));
    }
}

package org.vehicleupdate.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;

/**
 * A power cut of the whole virtual vehicle (every process, `rauc service` and its D-Bus, Podman and the containers
 * included, killed by SIGKILL at once) at each point of an OS + container update, then `virtual-vehicle.sh start`
 * on the same state, as the power comes back. Each ends with exactly one final status, and that status is the
 * vehicle's state: the booted slot's version is the inventory's, and the OS and the containers running are the new
 * ones after COMPLETED and the old ones after INCOMPLETE.
 *
 * <p>One vehicle for the class; each update goes from wherever the vehicle is to the other OS version (2.0 or 3.0)
 * and the other demo app (v1 or v2). The points are detected from the vehicle (a held download, the bootloader
 * backend or the reboot command waiting at a hold point, the agents' and the manager's feedback), never by time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PowerCutTest {
    private static final String FEEDBACK = OverallFeedback.TOPIC;
    private static final String CURRENT_STATE = "vehicleupdate/currentstate";
    private static final String CONTAINERS_FEEDBACK = "containersupdate/desiredstatefeedback";
    private static final String SELF_UPDATE_FEEDBACK = "selfupdate/desiredstatefeedback";
    private static final Duration POINT_TIMEOUT = Duration.ofMinutes(3);

    private static VirtualVehicle vehicle;
    /** One client per boot of the vehicle: what each saw, in order. */
    private static final List<TestMqttClient> clients = new CopyOnWriteArrayList<>();
    private static final OverallFeedback overall = new OverallFeedback(() -> clients);

    @BeforeAll
    static void startTheVehicle() {
        vehicle = VirtualVehicle.startFresh("power");
        clients.add(new TestMqttClient(vehicle.brokerUrl()).subscribe(FEEDBACK, CURRENT_STATE, CONTAINERS_FEEDBACK, SELF_UPDATE_FEEDBACK));
    }

    @AfterAll
    static void stopTheVehicle() {
        clients.forEach(TestMqttClient::close);
        vehicle.release();
        vehicle.close();
    }

    @BeforeEach
    void noHoldsLeft() {
        vehicle.release();
    }

    @Test
    @Order(1)
    void aPowerCutDuringTheDownloadEndsWithTheVehiclesState() throws Exception {
        try (HeldBundleServer server = new HeldBundleServer(vehicle.bundles())) {
            Update update = Update.from(vehicle, "power-cut-download");
            publish(update, server.url("os-image-" + update.os() + ".raucb"));

            // the containers are downloaded (and created); the OS download is under way
            awaitPoint(update, "the download", () -> server.holding() && containersDownloaded(update.activityId()));
            cutThePowerAndBootAgain(server::release);

            assertTheFinalStatusIsTheVehiclesState(update, "during the download");
        }
    }

    @Test
    @Order(2)
    void aPowerCutDuringRaucsInstallEndsWithTheVehiclesState() throws Exception {
        vehicle.hold("install");
        Update update = Update.from(vehicle, "power-cut-install");
        publish(update, bundleUrl(update));

        awaitPoint(update, "install", () -> vehicle.held("install"));
        cutThePowerAndBootAgain(() -> { });

        assertTheFinalStatusIsTheVehiclesState(update, "during RAUC's install (new slot activated by RAUC)");
    }

    @Test
    @Order(3)
    void aPowerCutDuringActivateEndsWithTheVehiclesState() throws Exception {
        Update update = Update.from(vehicle, "power-cut-activate");
        publish(update, bundleUrl(update));

        // the new slot is activated (it boots next), the containers agent is starting and watching the new app
        awaitPoint(update, "ACTIVATE", () -> agentSaid("selfupdate", update.activityId(), Status.ACTIVATION_SUCCESS)
                && agentSaid("containersupdate", update.activityId(), Status.ACTIVATING));
        cutThePowerAndBootAgain(() -> { });

        assertTheFinalStatusIsTheVehiclesState(update, "during ACTIVATE (new slot activated, containers starting)");
    }

    @Test
    @Order(4)
    void aPowerCutWhileTheRebootIsAnnouncedEndsWithTheVehiclesState() throws Exception {
        Update update = Update.from(vehicle, "power-cut-announced");
        publish(update, bundleUrl(update));

        awaitPoint(update, "the reboot announcement", () -> overall.of(update.activityId()).stream()
                .anyMatch(f -> f.status() == Status.RUNNING && f.message().contains("will reboot")));
        cutThePowerAndBootAgain(() -> { });

        assertTheFinalStatusIsTheVehiclesState(update, "after ACTIVATE, the reboot announced");
    }

    @Test
    @Order(5)
    void aPowerCutWhenTheRebootCommandRunsEndsWithTheVehiclesState() throws Exception {
        vehicle.hold("reboot");
        Update update = Update.from(vehicle, "power-cut-reboot");
        publish(update, bundleUrl(update));

        awaitPoint(update, "reboot", () -> vehicle.held("reboot"));
        cutThePowerAndBootAgain(() -> { });

        assertTheFinalStatusIsTheVehiclesState(update, "after ACTIVATE, the reboot command running");
    }

    @Test
    @Order(6)
    void aPowerCutAfterTheRebootBeforeTheVerificationEndsWithTheVehiclesState() throws Exception {
        vehicle.hold("booted");
        Update update = Update.from(vehicle, "power-cut-booted");
        publish(update, bundleUrl(update));

        awaitPoint(update, "booted", () -> vehicle.held("booted"));
        cutThePowerAndBootAgain(() -> { });

        assertTheFinalStatusIsTheVehiclesState(update, "after the reboot, before the verification");
    }

    @Test
    @Order(7)
    void aPowerCutDuringTheCleanupEndsWithTheVehiclesState() throws Exception {
        vehicle.hold("cleanup");
        Update update = Update.from(vehicle, "power-cut-cleanup");
        publish(update, bundleUrl(update));

        awaitPoint(update, "cleanup", () -> vehicle.held("cleanup"));
        cutThePowerAndBootAgain(() -> { });

        assertTheFinalStatusIsTheVehiclesState(update, "during CLEANUP (RAUC committed the slot)");
    }

    /** Waits until the update is at the point; fails at once when it ended before it got there. */
    private static void awaitPoint(Update update, String point, Callable<Boolean> reached) throws Exception {
        await().atMost(POINT_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> reached.call()
                || overall.of(update.activityId()).stream().anyMatch(f -> OverallFeedback.FINAL.contains(f.status())));
        assertTrue(reached.call(), "the update ended before it reached " + point + ": " + sequence(update.activityId()));
    }

    /**
     * The power goes, then comes back: the vehicle boots and holds before its services start, so that a new
     * client is subscribed before the update-manager can say anything.
     */
    private static void cutThePowerAndBootAgain(Runnable whileThePowerIsOff) {
        vehicle.powerCut();
        whileThePowerIsOff.run();
        vehicle.release();
        vehicle.hold("booted");
        Process start = vehicle.startInBackground();
        await().atMost(POINT_TIMEOUT).until(() -> vehicle.held("booted") || !start.isAlive());
        clients.add(new TestMqttClient(vehicle.brokerUrl()).subscribe(FEEDBACK, CURRENT_STATE, CONTAINERS_FEEDBACK, SELF_UPDATE_FEEDBACK));
        vehicle.release();
        vehicle.awaitStarted(start);
    }

    private static void publish(Update update, String bundleUrl) {
        TestMqttClient client = clients.get(clients.size() - 1);
        client.publish("vehicleupdate/desiredstate", update.desiredState(bundleUrl, vehicle.registryPort()));
    }

    private static String bundleUrl(Update update) {
        return "http://127.0.0.1:" + vehicle.httpPort() + "/os-image-" + update.os() + ".raucb";
    }

    private static void assertTheFinalStatusIsTheVehiclesState(Update update, String point) {
        String id = update.activityId();
        await().atMost(Duration.ofMinutes(4)).until(() -> overall.of(id).stream().anyMatch(f -> OverallFeedback.FINAL.contains(f.status())));
        // anything the manager still had to say about the activity comes before its answer to a later request
        Inventory inventory = inventoryAfter("after-" + id);
        List<DesiredStateFeedback> feedback = overall.of(id);
        List<DesiredStateFeedback> finals = feedback.stream().filter(f -> OverallFeedback.FINAL.contains(f.status())).toList();
        DesiredStateFeedback last = finals.get(0);
        String sequence = sequence(id);
        String booted = vehicle.bootedVersion();
        Map<String, String> running = vehicle.runningContainers();
        System.out.printf("power cut %s: %s, booted slot %s with OS %s, containers %s%n  %s: %s%n", point,
                last.status(), vehicle.bootedSlot(), booted, running, id, sequence);

        assertEquals(1, finals.size(), "one final status: " + sequence);
        assertTrue(last.status() == Status.COMPLETED || last.status() == Status.INCOMPLETE, sequence);
        assertEquals(booted, osVersion(inventory), "the inventory names the OS that runs; " + sequence);
        if (last.status() == Status.COMPLETED) {
            assertEquals(update.os(), booted, "COMPLETED: the new OS runs; " + sequence);
            assertEquals(update.app(), appVersion(running), "COMPLETED: the new app runs; " + sequence);
        } else {
            assertEquals(update.before().os(), booted, "INCOMPLETE: the old OS runs; " + sequence);
            assertEquals(update.before().running(), running, "INCOMPLETE: the old containers run; " + sequence);
        }
    }

    private static boolean containersDownloaded(String activityId) {
        return agentSaid("containersupdate", activityId, Status.DOWNLOAD_SUCCESS);
    }

    /** Whether an agent ({@code selfupdate}, {@code containersupdate}) reported the status for the activity. */
    private static boolean agentSaid(String topicPrefix, String activityId, Status status) {
        return clients.stream().flatMap(c -> c.on(topicPrefix + "/desiredstatefeedback").stream())
                .map(json -> WireJson.readEnvelope(json, DesiredStateFeedback.class))
                .anyMatch(e -> e.activityId().equals(activityId) && e.payload().status() == status);
    }

    /** The statuses of an activity's overall feedback, with their messages. */
    private static String sequence(String activityId) {
        return overall.of(activityId).stream()
                .map(f -> f.status() + (f.message().isEmpty() ? "" : " \"" + f.message() + "\""))
                .collect(Collectors.joining(", "));
    }

    /** Asks the manager for the inventory and returns its answer. */
    private static Inventory inventoryAfter(String requestId) {
        TestMqttClient client = clients.get(clients.size() - 1);
        client.publish("vehicleupdate/currentstate/get", "{\"activityId\":\"" + requestId + "\"}");
        await().atMost(Duration.ofMinutes(2)).until(() -> !answers(client, requestId).isEmpty());
        return answers(client, requestId).get(0).payload();
    }

    private static List<Envelope<Inventory>> answers(TestMqttClient client, String requestId) {
        return client.on(CURRENT_STATE).stream()
                .map(json -> WireJson.readEnvelope(json, Inventory.class))
                .filter(e -> e.activityId().equals(requestId))
                .toList();
    }

    private static String osVersion(Inventory inventory) {
        return inventory.softwareNodes().stream().filter(n -> n.id().equals("self-update:os-image"))
                .map(SoftwareNode::version).findFirst().orElse("none");
    }

    private static String appVersion(Map<String, String> running) {
        String image = running.getOrDefault("demo-app", "none");
        return image.substring(image.lastIndexOf(':') + 1);
    }

    /** What the vehicle runs before an update. */
    record Baseline(String os, Map<String, String> running) {
    }

    /**
     * An OS + container update from wherever the vehicle is: the other OS version (3.0 or 2.0) and the other demo
     * app (v2 or v1), with hello-world as in the README's example.
     */
    record Update(String activityId, String os, String app, Baseline before) {
        static Update from(VirtualVehicle vehicle, String activityId) {
            Baseline before = new Baseline(vehicle.bootedVersion(), vehicle.runningContainers());
            String os = before.os().equals("3.0") ? "2.0" : "3.0";
            String app = appVersion(before.running()).equals("v2") ? "v1" : "v2";
            return new Update(activityId, os, app, before);
        }

        String desiredState(String bundleUrl, int registryPort) {
            return """
                    {"activityId": "%s", "timestamp": %d, "payload": {"domains": [
                      {"id": "self-update", "components": [{"id": "os-image", "version": "%s",
                        "config": [{"key": "image", "value": "%s"}]}]},
                      {"id": "containers", "config": [], "components": [
                        {"id": "hello-world", "version": "latest", "config": [
                          {"key": "image", "value": "docker.io/library/hello-world:latest"},
                          {"key": "restartPolicy", "value": "no"}, {"key": "env", "value": "FOO=BAR"}]},
                        {"id": "demo-app", "version": "%s", "config": [
                          {"key": "image", "value": "127.0.0.1:%d/demo/app:%s"}]}]}]}}
                    """.formatted(activityId, System.currentTimeMillis(), os, bundleUrl, app, registryPort, app);
        }
    }
}

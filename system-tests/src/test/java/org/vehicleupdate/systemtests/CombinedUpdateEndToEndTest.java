package org.vehicleupdate.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

/**
 * The README's walkthrough on a real virtual vehicle: one vehicle for the whole class, the tests in the order a
 * user would try them, each starting from where the previous one left the vehicle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CombinedUpdateEndToEndTest {

    private static VirtualVehicle vehicle;
    private static TestMqttClient user;
    private static OverallFeedback overall;

    @BeforeAll
    static void startTheVehicle() {
        long start = System.nanoTime();
        vehicle = VirtualVehicle.startFresh("e2e");
        System.out.printf("virtual vehicle ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
        user = new TestMqttClient(vehicle.brokerUrl()).subscribe(OverallFeedback.TOPIC);
        overall = new OverallFeedback(() -> List.of(user));
    }

    @AfterAll
    static void stopTheVehicle() {
        user.close();
        vehicle.close();
    }

    @Test
    @Order(1)
    void theSeedsCombinedUpdateEndsCompletedWithTheNewOsCommittedAndTheContainerThere() {
        long start = System.nanoTime();
        DesiredStateFeedback last = apply("combined-update.json", "e2e-combined-1");
        System.out.printf("combined update end to end: %.1f s%n", (System.nanoTime() - start) / 1e9);

        assertEquals(Status.COMPLETED, last.status(), last.message());
        assertEquals("B", vehicle.bootedSlot());
        assertEquals("good", vehicle.slotState("B"));
        assertEquals("2.0", vehicle.slotVersion("B"));
        assertTrue(vehicle.containers().stream().anyMatch(c -> c.name().equals("hello-world")
                && c.image().endsWith("library/hello-world:latest")), vehicle.containers().toString());
    }

    @Test
    @Order(2)
    void theSameDesiredStateAgainHasNothingToDo() {
        DesiredStateFeedback last = apply("combined-update.json", "e2e-combined-2");

        assertEquals(Status.COMPLETED, last.status(), last.message());
        assertTrue(last.actions().isEmpty(), "no actions: " + last.actions());
        assertEquals("B", vehicle.bootedSlot());
    }

    @Test
    @Order(3)
    void aBundleWithABadSignatureChangesNothing() {
        DesiredStateFeedback last = apply("self-update-bad-signature.json", "e2e-bad-signature");

        assertEquals(Status.INCOMPLETE, last.status());
        assertTrue(last.message().contains("signature"), last.message());
        assertEquals("B", vehicle.bootedSlot());
        assertEquals("B", vehicle.primarySlot());
    }

    @Test
    @Order(4)
    void aContainerThatFailsToActivateRollsTheOsBackToo() {
        DesiredStateFeedback last = apply("combined-update-failing-container.json", "e2e-failing-container");

        assertEquals(Status.INCOMPLETE, last.status());
        assertTrue(last.message().contains("containers"), last.message());
        assertTrue(last.message().contains("self-update"), "names the rolled back domain: " + last.message());
        assertEquals("B", vehicle.primarySlot(), "the OS stays on the committed 2.0");
        assertTrue(vehicle.containers().stream().noneMatch(c -> c.name().equals("demo-app")),
                vehicle.containers().toString());
    }

    @Test
    @Order(5)
    void aBootloaderFallbackAfterTheRebootRollsTheContainersBack() {
        vehicle.failNextBoot();

        DesiredStateFeedback last = apply("combined-update-os3-and-app.json", "e2e-fallback");

        assertEquals(Status.INCOMPLETE, last.status());
        assertTrue(last.message().contains("fell back"), last.message());
        assertEquals("B", vehicle.bootedSlot());
        assertTrue(vehicle.containers().stream().noneMatch(c -> c.name().equals("demo-app")),
                vehicle.containers().toString());
    }

    @Test
    @Order(6)
    void killingTheUpdateManagerInTheMiddleStillEndsTheUpdateCorrectly() {
        String activityId = "e2e-kill-manager";
        user.publish("vehicleupdate/desiredstate", vehicle.example("combined-update-os3-and-app.json")
                .replace("\"example-combined-os3-1\"", "\"" + activityId + "\""));
        await().atMost(Duration.ofMinutes(2)).until(() -> overall.statuses(activityId).contains(Status.RUNNING));

        vehicle.kill("update-manager");

        DesiredStateFeedback last = overall.awaitFinal(activityId);
        assertEquals(Status.COMPLETED, last.status(), last.message());
        assertEquals("A", vehicle.bootedSlot());
        assertEquals("3.0", vehicle.slotVersion("A"));
        assertTrue(vehicle.containers().stream().anyMatch(c -> c.name().equals("demo-app")
                && c.state().equals("running")), vehicle.containers().toString());
    }

    private DesiredStateFeedback apply(String example, String activityId) {
        String message = vehicle.example(example).replaceFirst("\"activityId\": \"[^\"]*\"",
                "\"activityId\": \"" + activityId + "\"");
        user.publish("vehicleupdate/desiredstate", message);
        return overall.awaitFinal(activityId);
    }
}

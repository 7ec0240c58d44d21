package org.vehicleupdate.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.TestMqttClient;

/**
 * The issue's "done when" of things mode on a real virtual vehicle started with {@code --things}: the README's
 * {@code mosquitto_pub} of {@code examples/things/apply-combined.json} ends with a COMPLETED {@code feedback}
 * message of the UpdateManager feature, and the feature's {@code inventory} property shows the new OS.
 */
class ThingsModeEndToEndTest {
    private static final String FEATURE = "/features/UpdateManager";
    private static VirtualVehicle vehicle;
    private static TestMqttClient backend;

    @BeforeAll
    static void startTheVehicle() {
        long start = System.nanoTime();
        vehicle = VirtualVehicle.startFresh("e2e-things", "--things");
        System.out.printf("virtual vehicle in things mode ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
        backend = new TestMqttClient(vehicle.brokerUrl()).subscribe("e", "command///res/#");
    }

    @AfterAll
    static void stopTheVehicle() {
        backend.close();
        vehicle.close();
    }

    private List<JsonObject> events(String path) {
        return backend.on("e").stream().map(j -> JsonParser.parseString(j).getAsJsonObject())
                .filter(e -> e.get("path").getAsString().equals(path)).toList();
    }

    private Optional<JsonObject> feedback(String status) {
        return events(FEATURE + "/outbox/messages/feedback").stream()
                .filter(e -> e.getAsJsonObject("value").get("activityId").getAsString()
                        .equals("example-things-combined-1"))
                .filter(e -> e.getAsJsonObject("value").getAsJsonObject("desiredStateFeedback").get("status")
                        .getAsString().equals(status))
                .findFirst();
    }

    @Test
    void theCombinedApplyThroughTheFeatureEndsCompletedAndTheInventoryPropertyShowsTheNewOs() {
        long start = System.nanoTime();
        // the feature was registered (on e, not retained) before this test could subscribe: its log line says so
        await().atMost(Duration.ofMinutes(1)).until(() -> vehicle.log("update-manager")
                .contains("feature UpdateManager registered on thing demo:virtual-vehicle"));

        backend.publish("command///req/apply-1/apply", vehicle.example("things/apply-combined.json"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !backend.on("command///res/apply-1/204").isEmpty());
        await().atMost(Duration.ofMinutes(4)).until(() -> feedback("COMPLETED").isPresent()
                || feedback("INCOMPLETE").isPresent() || feedback("IDENTIFICATION_FAILED").isPresent());
        System.out.printf("combined update through things mode: %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertTrue(feedback("COMPLETED").isPresent(), backend.on("e").toString());

        await().atMost(Duration.ofMinutes(1)).until(() -> events(FEATURE + "/properties").stream()
                .anyMatch(p -> p.getAsJsonObject("value").get("activityId").getAsString()
                        .equals("example-things-combined-1")));
        JsonObject properties = events(FEATURE + "/properties").stream()
                .map(p -> p.getAsJsonObject("value"))
                .filter(v -> v.get("activityId").getAsString().equals("example-things-combined-1"))
                .findFirst().orElseThrow();
        String os = "";
        for (JsonElement node : properties.getAsJsonObject("inventory").getAsJsonArray("softwareNodes")) {
            if (node.getAsJsonObject().get("id").getAsString().equals("self-update:os-image")) {
                os = node.getAsJsonObject().get("version").getAsString();
            }
        }
        assertEquals("2.0", os, properties.toString());
        assertEquals("B", vehicle.bootedSlot());
        assertEquals("good", vehicle.slotState("B"));
    }
}

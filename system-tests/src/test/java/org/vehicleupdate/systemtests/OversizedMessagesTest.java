package org.vehicleupdate.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;

/**
 * The vehicle's broker drops every message over the services' own limit (1 MiB, message_size_limit), so a barrage
 * of 1 MiB+ and 8 MiB messages never reaches a service: no answer to any of them, and the services' resident memory
 * stays where it was. A message of exactly 1 MiB still goes through and is answered.
 */
class OversizedMessagesTest {
    private static final int LIMIT = 1024 * 1024;
    private static final long GROWTH_BOUND_KIB = 16 * 1024;

    private static VirtualVehicle vehicle;
    private static TestMqttClient user;

    @BeforeAll
    static void startTheVehicle() {
        vehicle = VirtualVehicle.startFresh("size");
        user = new TestMqttClient(vehicle.brokerUrl())
                .subscribe("vehicleupdate/desiredstatefeedback", "selfupdate/desiredstatefeedback");
    }

    @AfterAll
    static void stopTheVehicle() {
        user.close();
        vehicle.close();
    }

    @Test
    void aBarrageOfOversizedMessagesNeverReachesTheServicesAndTheirMemoryStaysWhereItWas() {
        // warm up: each service has read and answered a message before its memory is measured
        answered("vehicleupdate/desiredstate", "vehicleupdate/desiredstatefeedback", "warm-up-manager");
        answered("selfupdate/desiredstate", "selfupdate/desiredstatefeedback", "warm-up-agent");
        long managerBefore = vehicle.residentKib("update-manager");
        long agentBefore = vehicle.residentKib("self-update-agent");

        List<String> barrage = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            barrage.add(desiredState("oversize-" + i, i % 4 == 0 ? 8 * LIMIT : LIMIT + 1));
        }
        for (String topic : List.of("vehicleupdate/desiredstate", "selfupdate/desiredstate")) {
            for (String message : barrage) {
                user.publish(topic, message);
            }
        }
        // the same sender, the same topic: once this one is answered, the barrage has been delivered or dropped
        String atTheLimit = desiredState("at-the-limit", LIMIT);
        assertEquals(LIMIT, atTheLimit.length());
        user.publish("vehicleupdate/desiredstate", atTheLimit);
        answered("selfupdate/desiredstate", "selfupdate/desiredstatefeedback", "after-the-barrage");
        await().atMost(Duration.ofSeconds(30)).until(() -> !feedback("vehicleupdate/desiredstatefeedback",
                "at-the-limit").isEmpty());

        long managerAfter = vehicle.residentKib("update-manager");
        long agentAfter = vehicle.residentKib("self-update-agent");
        System.out.printf("resident memory before and after 40 messages of 1 MiB + 1 byte and 8 MiB: update-manager"
                + " %d -> %d KiB, self-update-agent %d -> %d KiB%n", managerBefore, managerAfter, agentBefore,
                agentAfter);

        assertEquals(Status.IDENTIFICATION_FAILED,
                feedback("vehicleupdate/desiredstatefeedback", "at-the-limit").get(0).status(),
                "a message of exactly the limit reaches the manager and is answered");
        for (int i = 0; i < barrage.size(); i++) {
            assertEquals(List.of(), feedback("vehicleupdate/desiredstatefeedback", "oversize-" + i));
            assertEquals(List.of(), feedback("selfupdate/desiredstatefeedback", "oversize-" + i));
        }
        assertTrue(user.received().stream().noneMatch(m -> m.payload().contains("over the limit")),
                "no refusal of an oversized message from any service");
        assertFalse(vehicle.log("update-manager").contains("oversize-"), "the manager never saw one");
        assertFalse(vehicle.log("self-update-agent").contains("oversize-"), "the agent never saw one");
        assertTrue(managerAfter - managerBefore < GROWTH_BOUND_KIB,
                "update-manager grew by " + (managerAfter - managerBefore) + " KiB");
        assertTrue(agentAfter - agentBefore < GROWTH_BOUND_KIB,
                "self-update-agent grew by " + (agentAfter - agentBefore) + " KiB");
    }

    /** Publishes an invalid desired state and waits for the service's IDENTIFICATION_FAILED. */
    private static void answered(String topic, String feedbackTopic, String activityId) {
        user.publish(topic, "{\"activityId\":\"" + activityId + "\",\"timestamp\":1,\"payload\":{\"domains\":\"bad\"}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !feedback(feedbackTopic, activityId).isEmpty());
    }

    /** A desired state of exactly {@code bytes} bytes (ASCII), padded in an unknown field. */
    private static String desiredState(String activityId, int bytes) {
        String head = "{\"activityId\":\"" + activityId + "\",\"timestamp\":1,\"payload\":{\"domains\":\"bad\",\"padding\":\"";
        String tail = "\"}}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    private static List<DesiredStateFeedback> feedback(String topic, String activityId) {
        return user.on(topic).stream()
                .map(json -> WireJson.readEnvelope(json, DesiredStateFeedback.class))
                .filter(e -> e.activityId().equals(activityId))
                .map(Envelope::payload)
                .toList();
    }
}

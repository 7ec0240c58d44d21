package org.vehicleupdate.systemtests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The virtual vehicle with {@code --trust enforce}: messages signed with the operator's tool (the demo key) for
 * the demo vehicle, and what a replay, a changed copy and an unsigned message get.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustedVehicleEndToEndTest {
    private static final String DESIRED = "vehicleupdate/desiredstate";
    private static final Path CLI = VirtualVehicle.REPO.resolve("cli/vehicle-update");
    private static final Path KEYS = VirtualVehicle.REPO.resolve("examples/signed/keys");

    private static VirtualVehicle vehicle;
    private static TestMqttClient user;
    private static OverallFeedback overall;
    private static Path work;

    @BeforeAll
    static void startTheVehicle() throws IOException {
        vehicle = VirtualVehicle.startFresh("e2e-trust", List.of("--trust", "enforce"));
        user = new TestMqttClient(vehicle.brokerUrl()).subscribe(OverallFeedback.TOPIC);
        overall = new OverallFeedback(() -> List.of(user));
        work = Files.createTempDirectory("e2e-trust");
    }

    @AfterAll
    static void stopTheVehicle() {
        user.close();
        vehicle.close();
    }

    /** The example with this vehicle's addresses and activityId, signed with the demo key as an operator would. */
    private static Path signed(String example, String activityId, long sequence) {
        Path unsigned = write(activityId + ".json", vehicle.example(example)
                .replaceFirst("\"activityId\": \"[^\"]*\"", "\"activityId\": \"" + activityId + "\""));
        Path signed = work.resolve(activityId + ".signed.json");
        VirtualVehicle.run(CLI.toString(), "sign", "--vehicle", "demo-vehicle", "--key",
                KEYS.resolve("demo-signing.jwk").toString(), "--sequence", String.valueOf(sequence), "-o",
                signed.toString(), unsigned.toString());
        return signed;
    }

    private static Path write(String name, String content) {
        try {
            return Files.writeString(work.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void theSignedCombinedExampleEndsCompleted() {
        user.publish(DESIRED, read(signed("combined-update.json", "trust-combined", 100)));

        DesiredStateFeedback last = overall.awaitFinal("trust-combined");
        assertEquals(Status.COMPLETED, last.status(), last.message());
        assertEquals("B", vehicle.bootedSlot());
        assertEquals("2.0", vehicle.slotVersion("B"));
    }

    @Test
    @Order(2)
    void theSameFileAgainStartsNothingAndIsAnsweredFromTheActivitysRecord() {
        user.publish(DESIRED, read(work.resolve("trust-combined.signed.json")));

        await().atMost(Duration.ofMinutes(1)).until(() -> overall.statuses("trust-combined").stream()
                .filter(s -> s == Status.COMPLETED).count() == 2);
        assertEquals(1, overall.statuses("trust-combined").stream().filter(s -> s == Status.IDENTIFYING).count(),
                overall.statuses("trust-combined").toString());
        assertTrue(vehicle.log("update-manager").contains("[trust-combined] signed desired state of sequence 100"
                + " received again; passed on to be answered from the activity's record"));
    }

    @Test
    @Order(3)
    void anOlderSignedMessageAfterANewerOneIsRefusedAsAReplay() {
        user.publish(DESIRED, read(signed("container-update.json", "trust-older", 50)));

        assertEquals("invalid desired state: signature: sequence 50 is not above 100, the last accepted (from"
                + " activity trust-combined); a vehicle re-provisioned with a new trust root starts at 0",
                refusal("trust-older"));
    }

    @Test
    @Order(4)
    void aCopyWithOneFieldChangedAndAnUnsignedMessageAreRefused() {
        String copy = read(signed("container-update.json", "trust-changed", 200)).replace("FOO=BAR", "FOO=EVIL");
        assertTrue(copy.contains("FOO=EVIL"), "the example sets FOO=BAR");
        user.publish(DESIRED, copy);
        user.publish(DESIRED, read(write("trust-unsigned.json", vehicle.example("container-update.json")
                .replaceFirst("\"activityId\": \"[^\"]*\"", "\"activityId\": \"trust-unsigned\""))));

        assertTrue(refusal("trust-changed").matches("invalid desired state: signature: the signature of key \\S+ does"
                + " not verify: the message was changed after it was signed"), refusal("trust-changed"));
        assertEquals("invalid desired state: signature: missing; this vehicle takes only desired states signed for it"
                + " (trust.mode=enforce, trust root version 1)", refusal("trust-unsigned"));
        assertFalse(vehicle.containers().stream().anyMatch(c -> c.name().equals("demo-app")),
                vehicle.containers().toString());
    }

    @Test
    @Order(5)
    void aRootSignedResetLetsAReSignedMessageWithALowSequenceThrough() {
        Path reset = work.resolve("reset.json");
        VirtualVehicle.run(CLI.toString(), "reset-sequence", "--vehicle", "demo-vehicle", "--key",
                KEYS.resolve("demo-root.jwk").toString(), "--activity", "trust-reset", "-o", reset.toString());
        user.publish("vehicleupdate/trust/reset", read(reset));

        DesiredStateFeedback answer = overall.awaitFinal("trust-reset");
        assertEquals(Status.COMPLETED, answer.status(), answer.message());
        assertEquals("the last accepted sequence was 100 (from activity trust-combined); reset to 0 by a message"
                + " signed by the root role", answer.message());

        user.publish(DESIRED, read(signed("container-update.json", "trust-low", 5)));
        DesiredStateFeedback low = overall.awaitFinal("trust-low");
        assertEquals(Status.COMPLETED, low.status(), low.message());
        assertTrue(vehicle.containers().stream().anyMatch(c -> c.name().equals("demo-app")
                && c.state().equals("running")), vehicle.containers().toString());
    }

    private String refusal(String activityId) {
        DesiredStateFeedback last = overall.awaitFinal(activityId);
        assertEquals(Status.IDENTIFICATION_FAILED, last.status(), last.message());
        System.out.println("[" + activityId + "] " + last.message());
        return last.message();
    }
}

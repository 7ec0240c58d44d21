package org.vehicleupdate.updatemanager.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;
import org.vehicleupdate.updatemanager.trust.CanonicalJson;
import org.vehicleupdate.updatemanager.trust.KeyIds;
import org.vehicleupdate.updatemanager.trust.RootBuilder;
import org.vehicleupdate.updatemanager.trust.Signer;
import org.vehicleupdate.updatemanager.trust.TrustException;
import org.vehicleupdate.updatemanager.trust.TrustFixture;
import org.vehicleupdate.updatemanager.trust.TrustMode;
import org.vehicleupdate.updatemanager.trust.TrustSettings;

/** trust.mode=enforce over real MQTT (embedded HiveMQ CE) with scripted agents: what an attacker on the broker sees. */
class TrustedManagerMqttTest {
    private static final String DESIRED = "vehicleupdate/desiredstate";
    private static final String FEEDBACK = "vehicleupdate/desiredstatefeedback";
    private static final String VEHICLE = "VIN-IT-1";
    private static EmbeddedBroker broker;

    @TempDir
    Path dir;
    private TestMqttClient operator;
    private ScriptedAgent containers;
    private ScriptedAgent selfUpdate;
    private ManagerRuntime manager;
    private Path rootFile;
    private final ECKey rootKey = TrustFixture.newKey();
    private final ECKey signingKey = TrustFixture.newKey();
    private final Instant inADay = Instant.now().plus(Duration.ofDays(1));

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void provisionAndStart() {
        rootFile = dir.resolve("etc/root.json");
        TrustFixture.write(rootFile, TrustFixture.root(1, Instant.now().plus(Duration.ofDays(365)), List.of(rootKey),
                1, List.of(signingKey), 1));
        operator = new TestMqttClient(broker.url()).subscribe(FEEDBACK);
        containers = new ScriptedAgent(broker.url(), "containers", "1.0").start();
        selfUpdate = new ScriptedAgent(broker.url(), "self-update", "1.0").start();
        startManager();
    }

    private void startManager() {
        manager = ManagerRuntime.start(new ManagerRuntime.Options(ManagerInstance.settings(false,
                FailurePolicy.ROLLBACK_ALL), BrokerSettings.plain(broker.url(), "update-manager-" + UUID.randomUUID()),
                dir.resolve("data"), activityId -> { }, MessageReader.DEFAULT_MAX_BYTES, "0.1.0",
                new TrustSettings(TrustMode.ENFORCE, rootFile, VEHICLE)));
    }

    @AfterEach
    void stopAll() {
        manager.close();
        containers.close();
        selfUpdate.close();
        operator.close();
    }

    private static String desiredState(String activityId) {
        return """
                {"activityId":"%s","timestamp":123456789,"payload":{"domains":[
                  {"id":"containers","config":[],"components":[{"id":"app","version":"2.0",
                     "config":[{"key":"image","value":"docker.io/library/hello-world:latest"}]}]}]}}
                """.formatted(activityId);
    }

    private String signed(String activityId, List<ECKey> keys, String vehicle, Instant expires, long sequence) {
        return new String(TrustFixture.sign(desiredState(activityId), keys, vehicle, expires, sequence),
                StandardCharsets.UTF_8);
    }

    private String signed(String activityId, long sequence) {
        return signed(activityId, List.of(signingKey), VEHICLE, inADay, sequence);
    }

    private List<DesiredStateFeedback> feedback(String activityId) {
        return operator.on(FEEDBACK).stream().map(json -> WireJson.readEnvelope(json, DesiredStateFeedback.class))
                .filter(e -> e.activityId().equals(activityId)).map(Envelope::payload).toList();
    }

    private DesiredStateFeedback finalFeedback(String activityId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> finalOf(activityId).isPresent());
        return finalOf(activityId).orElseThrow();
    }

    private Optional<DesiredStateFeedback> finalOf(String activityId) {
        return feedback(activityId).stream().filter(f -> f.status() == Status.COMPLETED
                || f.status() == Status.INCOMPLETE || f.status() == Status.IDENTIFICATION_FAILED).findFirst();
    }

    /** The refusal the operator reads, after checking that it is one. */
    private String refusal(String activityId) {
        DesiredStateFeedback answer = finalFeedback(activityId);
        assertThat(answer.status()).as(answer.message()).isEqualTo(Status.IDENTIFICATION_FAILED);
        return answer.message();
    }

    @Test
    void hostileDesiredStatesAreRefusedBeforeAnyAgentHearsOfThemAndTheSignedOneCompletes() {
        ECKey stranger = TrustFixture.newKey();
        String tampered = signed("tampered", 10).replace("hello-world:latest", "evil:latest");
        operator.publish(DESIRED, desiredState("unsigned"));
        operator.publish(DESIRED, tampered);
        operator.publish(DESIRED, signed("other-vehicle", List.of(signingKey), "VIN-IT-2", inADay, 10));
        operator.publish(DESIRED, signed("expired", List.of(signingKey), VEHICLE, Instant.now().minusSeconds(60), 10));
        operator.publish(DESIRED, signed("unknown-key", List.of(stranger), VEHICLE, inADay, 10));

        assertThat(refusal("unsigned")).isEqualTo("invalid desired state: signature: missing; this vehicle takes only"
                + " desired states signed for it (trust.mode=enforce, trust root version 1)");
        assertThat(refusal("tampered")).isEqualTo("invalid desired state: signature: the signature of key "
                + KeyIds.of(signingKey) + " does not verify: the message was changed after it was signed");
        assertThat(refusal("other-vehicle")).isEqualTo("invalid desired state: signature: signed for vehicle"
                + " VIN-IT-2, this is vehicle VIN-IT-1");
        assertThat(refusal("expired")).startsWith("invalid desired state: signature: expired at ");
        assertThat(refusal("unknown-key")).isEqualTo("invalid desired state: signature: key " + KeyIds.of(stranger)
                + " is not in trust root version 1");
        assertThat(containers.received()).isEmpty();
        assertThat(selfUpdate.received()).isEmpty();

        String accepted = signed("signed", 57);
        operator.publish(DESIRED, accepted);
        assertThat(finalFeedback("signed").status()).isEqualTo(Status.COMPLETED);

        // the very message again is answered from the activity's record, an older one is a replay
        operator.publish(DESIRED, accepted);
        operator.publish(DESIRED, signed("replayed", 41));
        assertThat(refusal("replayed")).isEqualTo("invalid desired state: signature: sequence 41 is not above 57,"
                + " the last accepted (from activity signed); a vehicle re-provisioned with a new trust root starts"
                + " at 0");
        await().until(() -> feedback("signed").stream().filter(f -> f.status() == Status.COMPLETED).count() == 2);
        assertThat(containers.received()).filteredOn("desiredstate"::equals).hasSize(1);

        // the sequence survives a restart of the manager
        manager.close();
        startManager();
        operator.publish(DESIRED, signed("replayed-after-restart", 56));
        assertThat(refusal("replayed-after-restart")).startsWith("invalid desired state: signature: sequence 56 is"
                + " not above 57");
        assertThat(containers.received()).filteredOn("desiredstate"::equals).hasSize(1);
    }

    @Test
    void aRotatedRootWorksAtOnceAndTheOldKeyNoLonger() throws TrustException {
        ECKey newRoot = TrustFixture.newKey();
        ECKey newSigning = TrustFixture.newKey();
        ObjectNode next = Signer.signRoot(RootBuilder.unsigned(2, Instant.now().plus(Duration.ofDays(365)),
                List.of(newRoot), 1, List.of(newSigning), 1), List.of(rootKey, newRoot));

        operator.publish("vehicleupdate/trust/root", new String(CanonicalJson.pretty(next), StandardCharsets.UTF_8));

        DesiredStateFeedback rotated = finalFeedback("trust-root-2");
        assertThat(rotated.status()).as(rotated.message()).isEqualTo(Status.COMPLETED);
        assertThat(rotated.message()).startsWith("trust root version 2 (root keys " + KeyIds.of(newRoot));
        operator.publish(DESIRED, signed("old-key", List.of(signingKey), VEHICLE, inADay, 5));
        assertThat(refusal("old-key")).isEqualTo("invalid desired state: signature: key " + KeyIds.of(signingKey)
                + " is not in trust root version 2");
        operator.publish(DESIRED, signed("new-key", List.of(newSigning), VEHICLE, inADay, 5));
        assertThat(finalFeedback("new-key").status()).isEqualTo(Status.COMPLETED);

        // a root signed by a key that is not a root key of the installed root is refused
        ObjectNode forged = Signer.signRoot(RootBuilder.unsigned(3, Instant.now().plus(Duration.ofDays(365)),
                List.of(signingKey), 1, List.of(signingKey), 1), List.of(signingKey));
        operator.publish("vehicleupdate/trust/root", new String(CanonicalJson.pretty(forged), StandardCharsets.UTF_8));
        DesiredStateFeedback refused = finalFeedback("trust-root-3");
        assertThat(refused.status()).isEqualTo(Status.IDENTIFICATION_FAILED);
        assertThat(refused.message()).isEqualTo("root: version 3 is not signed by the root keys of the installed"
                + " trust root: key " + KeyIds.of(signingKey) + " is not in trust root version 2");
    }

    @Test
    void aRootSignedResetLetsALowSequenceThrough() {
        operator.publish(DESIRED, signed("high", 9_000));
        assertThat(finalFeedback("high").status()).isEqualTo(Status.COMPLETED);

        String reset = new String(TrustFixture.sign("{\"activityId\":\"reset-1\",\"timestamp\":1,\"payload\":"
                + "{\"sequence\":0}}", List.of(rootKey), VEHICLE, inADay, 1), StandardCharsets.UTF_8);
        operator.publish("vehicleupdate/trust/reset", reset);

        DesiredStateFeedback answer = finalFeedback("reset-1");
        assertThat(answer.status()).isEqualTo(Status.COMPLETED);
        assertThat(answer.message()).isEqualTo("the last accepted sequence was 9000 (from activity high); reset to 0"
                + " by a message signed by the root role");
        operator.publish(DESIRED, signed("low", 3));
        assertThat(finalFeedback("low").status()).isEqualTo(Status.COMPLETED);
    }
}

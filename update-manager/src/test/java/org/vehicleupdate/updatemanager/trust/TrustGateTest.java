package org.vehicleupdate.updatemanager.trust;

import org.vehicleupdate.kit.testing.MutableClock;
import org.vehicleupdate.updatemanager.store.ManagerJournal;
import org.vehicleupdate.updatemanager.store.RootJournal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.admit;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.desiredState;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.newKey;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.refusal;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.sign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.ReadResult;

/** The checks at the door, each refusal with the text the operator reads, on a clock the test moves. */
class TrustGateTest {
    private static final String VEHICLE = "VIN-0001";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant IN_A_DAY = NOW.plus(Duration.ofDays(1));
    private static final Instant IN_A_YEAR = NOW.plus(Duration.ofDays(365));

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final ECKey rootKey = newKey();
    private final ECKey signingKey = newKey();
    private Path rootFile;
    private TrustGate gate;

    @BeforeEach
    void provision() {
        rootFile = dir.resolve("etc/root.json");
        TrustFixture.write(rootFile, TrustFixture.root(1, IN_A_YEAR, List.of(rootKey), 1, List.of(signingKey), 1));
        gate = restart();
    }

    private TrustGate restart() {
        Path data = dir.resolve("data");
        return new TrustGate(VEHICLE, rootFile, new RootJournal(data), new ManagerJournal(data), clock);
    }

    private byte[] signed(String activityId, long sequence) {
        return sign(desiredState(activityId), List.of(signingKey), VEHICLE, IN_A_DAY, sequence);
    }

    private static String kid(ECKey key) {
        return KeyIds.of(key);
    }

    @Test
    void aDesiredStateSignedForThisVehicleIsPassedOnAndItsSequenceSaved() {
        ReadResult<DesiredState> result = admit(gate, signed("a1", 5));

        assertThat(result).isInstanceOf(ReadResult.Accepted.class);
        assertThat(new ManagerJournal(dir.resolve("data")).load()).get()
                .extracting(SequenceRecord::lastSequence, SequenceRecord::lastActivityId).containsExactly(5L, "a1");
    }

    @Test
    void anUnsignedDesiredStateIsRefused() {
        byte[] raw = desiredState("u1").getBytes(StandardCharsets.UTF_8);

        ReadResult<DesiredState> result = admit(gate, raw);

        assertThat(refusal(result)).isEqualTo("signature: missing; this vehicle takes only desired states signed"
                + " for it (trust.mode=enforce, trust root version 1)");
        assertThat(((ReadResult.Rejected<DesiredState>) result).activityId()).isEqualTo("u1");
        assertThat(gate.lastAcceptedSequence()).isZero();
    }

    @Test
    void oneFieldChangedAfterSigningIsRefused() {
        String tampered = new String(signed("t1", 5), StandardCharsets.UTF_8).replace("\"2.0\"", "\"6.6.6\"");

        assertThat(refusal(admit(gate, tampered.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("signature: the signature of key " + kid(signingKey) + " does not verify: the message was"
                        + " changed after it was signed");
    }

    @Test
    void aDesiredStateForAnotherVehicleIsRefused() {
        byte[] raw = sign(desiredState("w1"), List.of(signingKey), "VIN-0002", IN_A_DAY, 5);

        assertThat(refusal(admit(gate, raw))).isEqualTo("signature: signed for vehicle VIN-0002, this is vehicle"
                + " VIN-0001");
    }

    @Test
    void anExpiredDesiredStateIsRefused() {
        byte[] raw = signed("e1", 5);
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(refusal(admit(gate, raw))).isEqualTo("signature: expired at 2025-03-02T10:00:00Z, it is now"
                + " 2025-03-02T10:00:01Z");
    }

    @Test
    void anOlderSequenceAfterANewerOneIsRefusedAsAReplay() {
        byte[] older = signed("7f3c-old", 41);
        assertThat(admit(gate, signed("7f3c", 57))).isInstanceOf(ReadResult.Accepted.class);

        assertThat(refusal(admit(gate, older))).isEqualTo("signature: sequence 41 is not above 57, the last accepted"
                + " (from activity 7f3c); a vehicle re-provisioned with a new trust root starts at 0");
        assertThat(refusal(admit(gate, signed("same-seq", 57)))).startsWith("signature: sequence 57 is not above 57");
    }

    @Test
    void aReplayIsRefusedAfterARestartOfTheManager() {
        byte[] older = signed("r-old", 41);
        assertThat(admit(gate, signed("r-new", 57))).isInstanceOf(ReadResult.Accepted.class);

        TrustGate afterRestart = restart();

        assertThat(refusal(admit(afterRestart, older))).startsWith("signature: sequence 41 is not above 57, the last"
                + " accepted (from activity r-new)");
        assertThat(admit(afterRestart, signed("r-next", 58))).isInstanceOf(ReadResult.Accepted.class);
    }

    @Test
    void theVeryMessageOfTheAcceptedActivityPassesAgainToBeAnsweredFromItsRecord() {
        byte[] message = signed("d1", 7);
        assertThat(admit(gate, message)).isInstanceOf(ReadResult.Accepted.class);

        assertThat(admit(gate, message)).isInstanceOf(ReadResult.Accepted.class);
        assertThat(admit(restart(), message)).isInstanceOf(ReadResult.Accepted.class);
        // the same activity signed anew with the same sequence is not a redelivery
        assertThat(refusal(admit(gate, signed("d1", 7)))).startsWith("signature: sequence 7 is not above 7");
    }

    @Test
    void aKeyThatIsNotInTheTrustRootIsRefused() {
        ECKey stranger = newKey();
        byte[] raw = sign(desiredState("k1"), List.of(stranger), VEHICLE, IN_A_DAY, 5);

        assertThat(refusal(admit(gate, raw))).isEqualTo("signature: key " + kid(stranger)
                + " is not in trust root version 1");
    }

    @Test
    void aRootKeyDoesNotSignDesiredStates() {
        byte[] raw = sign(desiredState("k2"), List.of(rootKey), VEHICLE, IN_A_DAY, 5);

        assertThat(refusal(admit(gate, raw))).isEqualTo("signature: key " + kid(rootKey)
                + " is not a desired-state key of trust root version 1");
    }

    @Test
    void aMessageWithADuplicateMemberIsRefusedSinceTwoParsersCouldReadItDifferently() {
        String signed = new String(signed("dup", 5), StandardCharsets.UTF_8);
        String duplicate = signed.replaceFirst("\"timestamp\"", "\"activityId\" : \"other\", \"timestamp\"");

        // the message reader refuses it before the gate looks (the gate's own strict parse is the second line)
        assertThat(refusal(admit(gate, duplicate.getBytes(StandardCharsets.UTF_8))))
                .startsWith("activityId: appears twice");
    }

    @Test
    void aSignatureStillVerifiesWhenTheSenderWritesTheSameJsonDifferently() {
        // another signer's serialisation: other member order, white space, numbers written otherwise
        ObjectNode signed = TrustFixture.json(new String(signed("fmt", 5), StandardCharsets.UTF_8));
        String rewritten = "{ \"signature\": " + signed.get("signature") + ",\n  \"payload\": "
                + signed.get("payload") + ", \"timestamp\": 1.7E12, \"activityId\": \"fmt\" }";

        assertThat(admit(gate, rewritten.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ReadResult.Accepted.class);
    }

    @Test
    void aDesiredStateThatCannotBeRecordedIsRefused() {
        TrustState broken = new TrustState() {
            @Override
            public Optional<SequenceRecord> load() {
                return Optional.empty();
            }

            @Override
            public void save(SequenceRecord record) {
                throw new UncheckedIOException(new java.io.IOException("No space left on device"));
            }
        };
        TrustGate full = new TrustGate(VEHICLE, rootFile, new RootJournal(dir.resolve("data")), broken, clock);

        assertThat(refusal(admit(full, signed("f1", 5)))).isEqualTo("signature: the accepted sequence cannot be saved"
                + " (No space left on device), and without it a replay could pass after a restart");
    }

    @Test
    void withoutAProvisionedTrustRootEveryDesiredStateIsRefusedWithTheRemedy() throws Exception {
        Files.delete(rootFile);

        assertThat(refusal(admit(restart(), signed("n1", 5)))).isEqualTo("signature: no trust root at " + rootFile
                + " (trust.mode=enforce); install one at provisioning (docs/trust.md)");
    }

    @Test
    void aTrustRootNotSignedByItsOwnRootKeysIsNotUsed() throws TrustException {
        TrustFixture.write(rootFile, RootBuilder.unsigned(1, IN_A_YEAR, List.of(rootKey), 1, List.of(signingKey), 1));

        assertThat(refusal(admit(restart(), signed("s1", 5)))).isEqualTo("signature: the trust root " + rootFile
                + " is not usable: trust root version 1 is not signed by its own root keys: no signature");
    }

    @Test
    void anExpiredTrustRootRefusesDesiredStatesButStillTakesARotation() {
        byte[] message = sign(desiredState("x1"), List.of(signingKey), VEHICLE, IN_A_YEAR.plus(Duration.ofDays(30)), 5);
        clock.advance(Duration.ofDays(366));

        assertThat(refusal(admit(gate, message))).isEqualTo("signature: trust root version 1 expired at "
                + IN_A_YEAR + "; install a newer root by rotation (vehicleupdate/trust/root) or provisioning");

        ECKey newRootKey = newKey();
        ObjectNode next = RootRotationTest.rotated(2, clock.instant().plus(Duration.ofDays(365)), List.of(newRootKey),
                List.of(signingKey), List.of(rootKey, newRootKey));
        assertThat(gate.rotate(CanonicalJson.pretty(next)).accepted()).isTrue();
        assertThat(admit(gate, message)).isInstanceOf(ReadResult.Accepted.class);
    }
}

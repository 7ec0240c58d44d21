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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.ReadResult;

/** TUF's rotation rule with thresholds, provisioning anew, and the desired-state role's threshold. */
class RootRotationTest {
    private static final String VEHICLE = "VIN-0001";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant IN_A_DAY = NOW.plus(Duration.ofDays(1));
    private static final Instant IN_A_YEAR = NOW.plus(Duration.ofDays(365));

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final List<ECKey> rootKeys = List.of(newKey(), newKey(), newKey());
    private final ECKey signingKey = newKey();
    private Path rootFile;
    private TrustGate gate;

    /** A root of {@code version} whose root role is {@code rootKeys} (threshold 1), signed by {@code signers}. */
    static ObjectNode rotated(int version, Instant expires, List<ECKey> rootKeys, List<ECKey> desiredStateKeys,
            List<ECKey> signers) {
        try {
            return Signer.signRoot(RootBuilder.unsigned(version, expires, rootKeys, 1, desiredStateKeys, 1), signers);
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void provision() {
        rootFile = dir.resolve("etc/root.json");
        // the root role needs two of its three keys
        TrustFixture.write(rootFile, TrustFixture.root(1, IN_A_YEAR, rootKeys, 2, List.of(signingKey), 1));
        gate = restart();
    }

    private TrustGate restart() {
        Path data = dir.resolve("data");
        return new TrustGate(VEHICLE, rootFile, new RootJournal(data), new ManagerJournal(data), clock);
    }

    private static String kid(ECKey key) {
        return KeyIds.of(key);
    }

    @Test
    void aNewRootSignedByAThresholdOfTheOldRootKeysAndByItsOwnTakesEffectAtOnce() {
        ECKey newRoot = newKey();
        ECKey newSigning = newKey();
        assertThat(admit(gate, sign(desiredState("before"), List.of(signingKey), VEHICLE, IN_A_DAY, 57)))
                .isInstanceOf(ReadResult.Accepted.class);

        TrustAnswer answer = gate.rotate(CanonicalJson.pretty(rotated(2, IN_A_YEAR, List.of(newRoot),
                List.of(newSigning), List.of(rootKeys.get(0), rootKeys.get(2), newRoot))));

        assertThat(answer.accepted()).as(answer.message()).isTrue();
        assertThat(answer.activityId()).isEqualTo("trust-root-2");
        assertThat(answer.message()).startsWith("trust root version 2 (root keys " + kid(newRoot))
                .endsWith("installed in place of version 1; the last accepted sequence (57) starts at 0 again");
        assertThat(refusal(admit(gate, sign(desiredState("old-key"), List.of(signingKey), VEHICLE, IN_A_DAY, 60))))
                .isEqualTo("signature: key " + kid(signingKey) + " is not in trust root version 2");
        // the sequence starts again: a low number signed with the new key passes
        assertThat(admit(gate, sign(desiredState("new-key"), List.of(newSigning), VEHICLE, IN_A_DAY, 1)))
                .isInstanceOf(ReadResult.Accepted.class);

        TrustGate afterRestart = restart();
        assertThat(afterRestart.currentRoot()).get().extracting(TrustRoot::version).isEqualTo(2);
        assertThat(afterRestart.lastAcceptedSequence()).isEqualTo(1);
    }

    @Test
    void aNewRootSignedByTooFewOfTheOldRootKeysIsRefused() {
        ECKey newRoot = newKey();
        TrustAnswer answer = gate.rotate(CanonicalJson.pretty(rotated(2, IN_A_YEAR, List.of(newRoot),
                List.of(signingKey), List.of(rootKeys.get(1), newRoot))));

        assertThat(answer.accepted()).isFalse();
        assertThat(answer.message()).isEqualTo("root: version 2 is not signed by the root keys of the installed trust"
                + " root: 1 valid signature of the root role, trust root version 1 requires 2 (key " + kid(newRoot)
                + " is not in trust root version 1)");
        assertThat(gate.currentRoot()).get().extracting(TrustRoot::version).isEqualTo(1);
    }

    @Test
    void aNewRootNotSignedByItsOwnRootKeysIsRefused() {
        ECKey newRoot = newKey();
        TrustAnswer answer = gate.rotate(CanonicalJson.pretty(rotated(2, IN_A_YEAR, List.of(newRoot),
                List.of(signingKey), rootKeys.subList(0, 2))));

        assertThat(answer.message()).startsWith("root: version 2 is not signed by its own root keys: key "
                + kid(rootKeys.get(0)) + " is not in trust root version 2");
        assertThat(answer.accepted()).isFalse();
    }

    @Test
    void anOlderOrEqualRootVersionIsRefusedAndTheInstalledOneAgainIsAnsweredAsInstalled() {
        TrustAnswer older = gate.rotate(CanonicalJson.pretty(rotated(1, IN_A_YEAR, rootKeys.subList(0, 1),
                List.of(newKey()), rootKeys)));
        assertThat(older.message()).isEqualTo("root: version 1 is not above the installed version 1");

        TrustAnswer same = gate.rotate(readFile(rootFile));
        assertThat(same.accepted()).isTrue();
        assertThat(same.message()).isEqualTo("trust root version 1 is already installed");
    }

    @Test
    void aRotationAsAnEnvelopeIsAnsweredUnderItsActivityId() {
        ECKey newRoot = newKey();
        ObjectNode envelope = TrustFixture.json("{\"activityId\":\"rotate-7\",\"timestamp\":1}");
        envelope.set("payload", rotated(2, IN_A_YEAR, List.of(newRoot), List.of(signingKey),
                List.of(rootKeys.get(0), rootKeys.get(1), newRoot)));

        TrustAnswer answer = gate.rotate(CanonicalJson.pretty(envelope));

        assertThat(answer.activityId()).isEqualTo("rotate-7");
        assertThat(answer.accepted()).isTrue();
    }

    @Test
    void aVehicleProvisionedAnewWithANewRootStartsAtZeroAndForgetsTheRotatedRoot() {
        ECKey newRoot = newKey();
        assertThat(gate.rotate(CanonicalJson.pretty(rotated(2, IN_A_YEAR, List.of(newRoot), List.of(signingKey),
                List.of(rootKeys.get(0), rootKeys.get(1), newRoot)))).accepted()).isTrue();
        assertThat(admit(gate, sign(desiredState("high"), List.of(signingKey), VEHICLE, IN_A_DAY, 9_000)))
                .isInstanceOf(ReadResult.Accepted.class);

        ECKey fleetRoot = newKey();
        ECKey fleetSigning = newKey();
        TrustFixture.write(rootFile, TrustFixture.root(1, IN_A_YEAR, List.of(fleetRoot), 1, List.of(fleetSigning), 1));
        TrustGate reprovisioned = restart();

        assertThat(reprovisioned.currentRoot()).get().extracting(TrustRoot::version).isEqualTo(1);
        assertThat(reprovisioned.lastAcceptedSequence()).isZero();
        assertThat(admit(reprovisioned, sign(desiredState("low"), List.of(fleetSigning), VEHICLE, IN_A_DAY, 1)))
                .isInstanceOf(ReadResult.Accepted.class);
    }

    @Test
    void theDesiredStateRoleNeedsItsThresholdOfDistinctKeys() {
        ECKey second = newKey();
        ECKey third = newKey();
        ObjectNode next;
        try {
            next = Signer.signRoot(RootBuilder.unsigned(2, IN_A_YEAR, rootKeys, 2, List.of(signingKey, second, third),
                    2), rootKeys);
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
        assertThat(gate.rotate(CanonicalJson.pretty(next)).accepted()).isTrue();

        assertThat(refusal(admit(gate, sign(desiredState("one"), List.of(signingKey), VEHICLE, IN_A_DAY, 5))))
                .isEqualTo("signature: 1 valid signature of the desired-state role, trust root version 2 requires 2");
        assertThat(refusal(admit(gate, sign(desiredState("twice"), List.of(signingKey, signingKey), VEHICLE,
                IN_A_DAY, 5)))).startsWith("signature: 1 valid signature of the desired-state role");
        assertThat(admit(gate, sign(desiredState("two"), List.of(signingKey, third), VEHICLE, IN_A_DAY, 5)))
                .isInstanceOf(ReadResult.Accepted.class);
    }

    @Test
    void theHoldersOfAThresholdSignOneAfterTheOther() throws TrustException {
        ECKey second = newKey();
        assertThat(gate.rotate(CanonicalJson.pretty(Signer.signRoot(RootBuilder.unsigned(2, IN_A_YEAR, rootKeys, 2,
                List.of(signingKey, second), 2), rootKeys))).accepted()).isTrue();
        Claims claims = new Claims(VEHICLE, IN_A_DAY, 5);

        ObjectNode first = Signer.signMessage(TrustFixture.json(desiredState("both")), List.of(signingKey), claims,
                false);
        ObjectNode both = Signer.signMessage(first, List.of(second), claims, true);

        assertThat(admit(gate, CanonicalJson.pretty(both))).isInstanceOf(ReadResult.Accepted.class);
    }

    @Test
    void coSignersWhoDisagreeOnTheClaimsAreRefused() throws TrustException {
        ECKey second = newKey();
        assertThat(gate.rotate(CanonicalJson.pretty(Signer.signRoot(RootBuilder.unsigned(2, IN_A_YEAR, rootKeys, 2,
                List.of(signingKey, second), 2), rootKeys))).accepted()).isTrue();

        ObjectNode first = Signer.signMessage(TrustFixture.json(desiredState("split")), List.of(signingKey),
                new Claims(VEHICLE, IN_A_DAY, 5), false);
        ObjectNode both = Signer.signMessage(first, List.of(second), new Claims(VEHICLE, IN_A_DAY, 6), true);

        assertThat(refusal(admit(gate, CanonicalJson.pretty(both)))).startsWith("signature: the signatures disagree on"
                + " vehicle, exp or seq");
    }

    private static byte[] readFile(Path file) {
        try {
            return java.nio.file.Files.readString(file).getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

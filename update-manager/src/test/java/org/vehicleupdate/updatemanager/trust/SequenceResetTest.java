package org.vehicleupdate.updatemanager.trust;

import org.vehicleupdate.kit.testing.MutableClock;
import org.vehicleupdate.updatemanager.store.ManagerJournal;
import org.vehicleupdate.updatemanager.store.RootJournal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.desiredState;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.newKey;
import static org.vehicleupdate.updatemanager.trust.TrustFixture.sign;

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

/** A reset of the stored sequence without a new root: only with a message signed by the root role. */
class SequenceResetTest {
    private static final String VEHICLE = "VIN-0001";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant IN_A_DAY = NOW.plus(Duration.ofDays(1));

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final ECKey rootKey = newKey();
    private final ECKey signingKey = newKey();
    private TrustGate gate;
    private Path rootFile;

    @BeforeEach
    void provisionAndAcceptSequence57() {
        rootFile = dir.resolve("root.json");
        TrustFixture.write(rootFile, TrustFixture.root(1, NOW.plus(Duration.ofDays(365)), List.of(rootKey), 1,
                List.of(signingKey), 1));
        gate = restart();
        assertThat(admit(sign(desiredState("7f3c"), List.of(signingKey), VEHICLE, IN_A_DAY, 57)))
                .isInstanceOf(ReadResult.Accepted.class);
    }

    private TrustGate restart() {
        return new TrustGate(VEHICLE, rootFile, new RootJournal(dir), new ManagerJournal(dir), clock);
    }

    private ReadResult<DesiredState> admit(byte[] raw) {
        return TrustFixture.admit(gate, raw);
    }

    private static byte[] reset(String activityId, List<ECKey> keys, String vehicle, long sequence) {
        return sign("{\"activityId\":\"" + activityId + "\",\"timestamp\":1,\"payload\":{\"sequence\":0}}", keys,
                vehicle, IN_A_DAY, sequence);
    }

    @Test
    void aResetSignedByTheRootRoleLetsALowSequenceThroughAgain() {
        TrustAnswer answer = gate.reset(reset("reset-1", List.of(rootKey), VEHICLE, 1));

        assertThat(answer).isEqualTo(new TrustAnswer("reset-1", true, "the last accepted sequence was 57 (from"
                + " activity 7f3c); reset to 0 by a message signed by the root role"));
        assertThat(admit(sign(desiredState("low"), List.of(signingKey), VEHICLE, IN_A_DAY, 3)))
                .isInstanceOf(ReadResult.Accepted.class);
        assertThat(restart().lastAcceptedSequence()).isEqualTo(3);
    }

    @Test
    void aResetSignedByADesiredStateKeyIsRefused() {
        TrustAnswer answer = gate.reset(reset("reset-2", List.of(signingKey), VEHICLE, 1));

        assertThat(answer).isEqualTo(new TrustAnswer("reset-2", false, "signature: key " + KeyIds.of(signingKey)
                + " is not a root key of trust root version 1"));
        assertThat(gate.lastAcceptedSequence()).isEqualTo(57);
    }

    @Test
    void anUnsignedResetIsRefused() {
        TrustAnswer answer = gate.reset("{\"activityId\":\"r\",\"timestamp\":1,\"payload\":{}}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(answer.message()).isEqualTo("signature: missing; a reset must be signed by the root role");
        assertThat(gate.lastAcceptedSequence()).isEqualTo(57);
    }

    @Test
    void aResetForAnotherVehicleIsRefused() {
        assertThat(gate.reset(reset("reset-3", List.of(rootKey), "VIN-0002", 1)).message())
                .isEqualTo("signature: signed for vehicle VIN-0002, this is vehicle VIN-0001");
    }

    @Test
    void aReplayedResetIsRefused() {
        byte[] reset = reset("reset-4", List.of(rootKey), VEHICLE, 10);
        assertThat(gate.reset(reset).accepted()).isTrue();
        assertThat(admit(sign(desiredState("after"), List.of(signingKey), VEHICLE, IN_A_DAY, 20)))
                .isInstanceOf(ReadResult.Accepted.class);

        TrustAnswer again = restart().reset(reset);

        assertThat(again.message()).isEqualTo("signature: reset sequence 10 is not above 10, the last reset's");
        assertThat(restart().lastAcceptedSequence()).isEqualTo(20);
    }
}

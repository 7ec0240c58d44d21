package org.vehicleupdate.updatemanager.bench;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.updatemanager.store.RootJournal;
import org.vehicleupdate.updatemanager.store.ManagerJournal;
import org.vehicleupdate.updatemanager.trust.Role;
import org.vehicleupdate.updatemanager.trust.SignedMessage;
import org.vehicleupdate.updatemanager.trust.TrustFixture;
import org.vehicleupdate.updatemanager.trust.TrustGate;
import org.vehicleupdate.updatemanager.trust.TrustRoot;

/**
 * What trust.mode=enforce adds per desired state: the check alone (canonical JSON, ES256 signature, claims) and
 * the whole gate (with the durable save of the sequence: temporary file, fsync, rename, fsync of the directory).
 * Prints figures; run with {@code -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=TrustBenchmark}.
 */
@Tag("bench")
class TrustBenchmark {
    private static final String VEHICLE = "VIN-BENCH";
    private static final int WARMUP = 2_000;
    private static final int MEASURED = 3_000;

    @Test
    void timeAddedPerDesiredState() throws Exception {
        ECKey rootKey = TrustFixture.newKey();
        ECKey signingKey = TrustFixture.newKey();
        Path dir = Files.createTempDirectory("trust-bench");
        Path rootFile = dir.resolve("root.json");
        TrustFixture.write(rootFile, TrustFixture.root(1, Instant.now().plus(Duration.ofDays(365)), List.of(rootKey),
                1, List.of(signingKey), 1));
        TrustRoot root = TrustRoot.parse(Files.readAllBytes(rootFile));
        Instant expires = Instant.now().plus(Duration.ofDays(1));
        String combined = Files.readString(Path.of("..", "examples", "combined-update.json"));
        List<byte[]> messages = new ArrayList<>();
        for (int i = 1; i <= WARMUP + MEASURED; i++) {
            messages.add(TrustFixture.sign(combined.replace("example-combined-1", "bench-" + i), List.of(signingKey),
                    VEHICLE, expires, i));
        }
        MessageReader reader = new MessageReader();
        System.out.printf("trust benchmark: combined example, %d bytes signed (%d unsigned)%n",
                messages.get(0).length, combined.getBytes(StandardCharsets.UTF_8).length);

        long[] check = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            SignedMessage.read(messages.get(i)).verify(root, Role.DESIRED_STATE, VEHICLE);
            long took = System.nanoTime() - start;
            if (i >= WARMUP) {
                check[i - WARMUP] = took;
            }
        }
        report("check (canonical JSON + ES256 verify + claims)", check);

        TrustGate gate = new TrustGate(VEHICLE, rootFile, new RootJournal(dir), new ManagerJournal(dir),
                Clock.systemUTC());
        List<ReadResult<DesiredState>> read = messages.stream()
                .map(m -> reader.<DesiredState>read(m, MessageKind.DESIRED_STATE)).toList();
        long[] whole = new long[MEASURED];
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            long start = System.nanoTime();
            ReadResult<DesiredState> result = gate.admit(messages.get(i), read.get(i));
            long took = System.nanoTime() - start;
            if (!(result instanceof ReadResult.Accepted)) {
                throw new AssertionError("refused: " + result);
            }
            if (i >= WARMUP) {
                whole[i - WARMUP] = took;
            }
        }
        report("whole gate (check + durable save of the sequence)", whole);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf("trust benchmark: %s over %d desired states: median %.3f ms, mean %.3f ms, p99 %.3f ms%n",
                what, sorted.length, sorted[sorted.length / 2] / 1e6, mean, sorted[(int) (sorted.length * 0.99)] / 1e6);
    }
}

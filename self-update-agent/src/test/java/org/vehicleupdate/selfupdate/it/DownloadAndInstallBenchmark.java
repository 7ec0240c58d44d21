package org.vehicleupdate.selfupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.selfupdate.download.FileBundleDigest;

/**
 * A 256 MiB bundle over loopback: DOWNLOAD + UPDATE through the agent against {@code curl -o} +
 * {@code rauc install} of the same bundle, in one run: direct, agent, direct again (so that neither side always
 * writes the slot first). The agent's desired state pins the bundle's SHA-256, so its UPDATE includes reading the
 * bundle once more for the digest; the digest alone is timed as well. Run with
 * {@code mvn -pl self-update-agent verify -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=DownloadAndInstallBenchmark}.
 */
@Tag("bench")
class DownloadAndInstallBenchmark {

    @Test
    void downloadAndInstallThroughTheAgentAgainstCurlAndRaucInstall() throws Exception {
        String reason = RaucSim.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: rauc-sim cannot run here: " + reason);
        try (EmbeddedBroker broker = EmbeddedBroker.start();
             TestMqttClient mqtt = new TestMqttClient(broker.url()).subscribe("selfupdate/#");
             BundleServer server = new BundleServer();
             RaucTestBench bench = new RaucTestBench(broker.url(), mqtt)) {
            Path bundle = bench.sim.bundle("2.0", 256, false);
            String url = server.url("bench/os.raucb", bundle);
            System.out.printf(Locale.ROOT, "%nBENCH bundle %.1f MiB over loopback, load average %s%n",
                    Files.size(bundle) / 1048576.0, Files.readString(Path.of("/proc/loadavg")).strip());

            double mib = Files.size(bundle) / 1048576.0;
            double[] first = direct(bench, url, "direct 1");
            String pin = timeDigest(bundle);

            bench.startAgent();
            bench.desiredState("2.0", url, pin);
            bench.await(Status.IDENTIFIED);
            run("sync");
            long t0 = System.nanoTime();
            bench.command("DOWNLOAD");
            bench.await(Status.DOWNLOAD_SUCCESS);
            long t1 = System.nanoTime();
            bench.command("UPDATE");
            bench.await(Status.UPDATE_SUCCESS);
            long t2 = System.nanoTime();
            assertEquals("2.0", bench.sim.slotVersion("B"));
            System.out.printf(Locale.ROOT, "BENCH agent    : download %6.0f ms + install      %6.0f ms = %6.0f ms%n",
                    ms(t1 - t0), ms(t2 - t1), ms(t2 - t0));
            printInstallBreakdown(mqtt);

            double[] second = direct(bench, url, "direct 2");
            double agent = ms(t1 - t0);
            double curl = Math.min(first[0], second[0]);
            double curlSynced = Math.min(first[0] + first[1], second[0] + second[1]);
            // throughput ratio: the agent's download is durable (flushed) when DOWNLOAD_SUCCESS is sent
            System.out.printf(Locale.ROOT, "BENCH download throughput: agent %.0f MiB/s (DOWNLOAD to DOWNLOAD_SUCCESS, "
                    + "on disk) = %.2fx curl -o (%.0f MiB/s), %.2fx curl -o + sync (%.0f MiB/s)%n", mib / agent * 1000,
                    curl / agent, mib / curl * 1000, curlSynced / agent, mib / curlSynced * 1000);
        }
    }

    /** curl -o, then rauc install (the CLI is a D-Bus client of the same service); the curl and sync times. */
    private static double[] direct(RaucTestBench bench, String url, String label) throws Exception {
        Path copy = bench.sim.state().resolve("curl.raucb");
        Files.deleteIfExists(copy);
        run("sync");
        long t0 = System.nanoTime();
        run("curl", "-sS", "-o", copy.toString(), url);
        long t1 = System.nanoTime();
        // the agent makes the bundle durable before DOWNLOAD_SUCCESS; curl does not: shown, not counted
        run("sync");
        long t2 = System.nanoTime();
        bench.sim.rauc("install", copy.toString());
        long t3 = System.nanoTime();
        // the agent journals UPDATE_SUCCESS with an fsync, which also waits for the slot data RAUC just wrote
        run("sync");
        long t4 = System.nanoTime();
        System.out.printf(Locale.ROOT, "BENCH %-9s: curl -o  %6.0f ms + rauc install %6.0f ms = %6.0f ms "
                + "(not counted: sync after curl %.0f ms, after the install %.0f ms)%n", label, ms(t1 - t0),
                ms(t3 - t2), ms(t1 - t0 + t3 - t2), ms(t2 - t1), ms(t4 - t3));
        return new double[] {ms(t1 - t0), ms(t2 - t1)};
    }

    /** The SHA-256 the agent computes at UPDATE for a pinned bundle, on the same file (in the page cache). */
    private static String timeDigest(Path bundle) throws Exception {
        String digest = "";
        long[] millis = new long[3];
        for (int i = 0; i < millis.length; i++) {
            long t0 = System.nanoTime();
            digest = new FileBundleDigest().sha256(bundle);
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        System.out.printf(Locale.ROOT, "BENCH SHA-256 of the bundle (FileBundleDigest, as the agent's UPDATE does "
                + "for a pinned bundle): %d ms, %d ms, %d ms%n", millis[0], millis[1], millis[2]);
        return digest;
    }

    /** Where the agent's install time goes, from the feedback's own timestamps. */
    private static void printInstallBreakdown(TestMqttClient mqtt) {
        long checking = 0;
        long installing = 0;
        long done = 0;
        for (String json : mqtt.on(RaucTestBench.FEEDBACK)) {
            Envelope<DesiredStateFeedback> envelope = WireJson.readEnvelope(json, DesiredStateFeedback.class);
            DesiredStateFeedback f = envelope.payload();
            String action = f.actions().isEmpty() ? "" : f.actions().get(0).message();
            if (f.status() == Status.UPDATING && action.startsWith("Checking") && checking == 0) {
                checking = envelope.timestamp();
            } else if (f.status() == Status.UPDATING && action.startsWith("RAUC") && installing == 0) {
                installing = envelope.timestamp();
            } else if (f.status() == Status.UPDATE_SUCCESS) {
                done = envelope.timestamp();
            }
        }
        System.out.printf(Locale.ROOT, "BENCH agent install: digest check + version check (RAUC Info) %d ms, "
                + "InstallBundle to UPDATE_SUCCESS %d ms%n", installing - checking, done - installing);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}

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
import org.vehicleupdate.messages.Status;

/**
 * A 256 MiB bundle over loopback: DOWNLOAD + UPDATE through the agent against {@code curl -o} +
 * {@code rauc install} of the same bundle, one after the other in one run.
 * Run with {@code mvn -pl self-update-agent verify -Dgroups=bench -Dsurefire.excludedGroups= -Dtest=DownloadAndInstallBenchmark}.
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
            long size = Files.size(bundle);
            bench.startAgent();
            bench.desiredState("2.0", url);
            bench.await(Status.IDENTIFIED);

            // the downloader alone, outside the agent (also warms up the JIT for the HTTP client)
            var plain = new org.vehicleupdate.selfupdate.download.HttpBundleDownloader(
                    org.vehicleupdate.selfupdate.download.HttpBundleDownloader.client(java.util.Optional.empty(),
                            java.time.Duration.ofSeconds(5)),
                    org.vehicleupdate.selfupdate.download.FreeSpace.ofFileStore(), java.time.Duration.ofSeconds(30), 1,
                    java.time.Duration.ofMillis(10));
            Path alone = bench.sim.state().resolve("alone.raucb");
            run("sync");
            long a0 = System.nanoTime();
            plain.download(java.net.URI.create(url), alone, (b, t) -> { }, () -> false);
            long a1 = System.nanoTime();
            Files.delete(alone);
            // dirty pages of the bundle build must not be written back during a measured phase
            run("sync");
            long t0 = System.nanoTime();
            bench.command("DOWNLOAD");
            bench.await(Status.DOWNLOAD_SUCCESS);
            long t1 = System.nanoTime();
            bench.command("UPDATE");
            bench.await(Status.UPDATE_SUCCESS);
            long t2 = System.nanoTime();
            assertEquals("2.0", bench.sim.slotVersion("B"));

            Path copy = bench.sim.state().resolve("curl.raucb");
            run("sync");
            long t3 = System.nanoTime();
            run("curl", "-sS", "-o", copy.toString(), url);
            long t4 = System.nanoTime();
            // the agent makes the bundle durable (fsync) before DOWNLOAD_SUCCESS; curl does not
            run("sync");
            long t4s = System.nanoTime();
            long t4i = System.nanoTime();
            bench.sim.rauc("install", copy.toString());
            long t5 = System.nanoTime();
            assertEquals(size, Files.size(copy));

            System.out.printf(Locale.ROOT, "%nBENCH bundle %.1f MiB over loopback%n", size / 1048576.0);
            System.out.printf(Locale.ROOT, "BENCH downloader alone (no agent, no MQTT): %.0f ms%n", ms(a1 - a0));
            System.out.printf(Locale.ROOT, "BENCH agent  : download %6.0f ms + install %6.0f ms = %6.0f ms%n",
                    ms(t1 - t0), ms(t2 - t1), ms(t2 - t0));
            System.out.printf(Locale.ROOT, "BENCH direct : curl -o  %6.0f ms + rauc install %6.0f ms = %6.0f ms "
                    + "(sync after curl, not counted: %.0f ms)%n", ms(t4 - t3), ms(t5 - t4i), ms(t4 - t3 + t5 - t4i),
                    ms(t4s - t4));
            // where the agent's install time goes, from the feedback's own timestamps
            long checking = 0;
            long installing = 0;
            long done = 0;
            for (String json : mqtt.on(RaucTestBench.FEEDBACK)) {
                var envelope = org.vehicleupdate.messages.json.WireJson.readEnvelope(json,
                        org.vehicleupdate.messages.DesiredStateFeedback.class);
                var f = envelope.payload();
                String action = f.actions().isEmpty() ? "" : f.actions().get(0).message();
                if (f.status() == Status.UPDATING && action.startsWith("Checking") && checking == 0) {
                    checking = envelope.timestamp();
                } else if (f.status() == Status.UPDATING && action.startsWith("RAUC") && installing == 0) {
                    installing = envelope.timestamp();
                } else if (f.status() == Status.UPDATE_SUCCESS) {
                    done = envelope.timestamp();
                }
            }
            System.out.printf(Locale.ROOT, "BENCH agent install: version check (RAUC Info) %d ms, InstallBundle to "
                    + "UPDATE_SUCCESS %d ms%n", installing - checking, done - installing);
            System.out.printf(Locale.ROOT, "BENCH agent / direct = %.2f%n", (double) (t2 - t0) / (t4 - t3 + t5 - t4i));
        }
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

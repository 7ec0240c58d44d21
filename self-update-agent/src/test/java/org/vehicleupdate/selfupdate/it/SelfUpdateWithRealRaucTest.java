package org.vehicleupdate.selfupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.selfupdate.download.FileBundleDigest;

/**
 * The agent against a real {@code rauc service} on file-backed A/B slots (rauc-sim), a real broker and a real
 * HTTP server, driven with the seed's messages.
 */
class SelfUpdateWithRealRaucTest {
    private static EmbeddedBroker broker;
    private static TestMqttClient mqtt;
    private static BundleServer server;
    private RaucTestBench bench;

    @BeforeAll
    static void startBrokerAndServer() {
        String reason = RaucSim.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: rauc-sim cannot run here: " + reason);
        broker = EmbeddedBroker.start();
        mqtt = new TestMqttClient(broker.url()).subscribe("selfupdate/#");
        server = new BundleServer();
    }

    @AfterAll
    static void stopBrokerAndServer() {
        if (mqtt != null) {
            mqtt.close();
            server.close();
            broker.close();
        }
    }

    @BeforeEach
    void startVehicle() {
        bench = new RaucTestBench(broker.url(), mqtt);
    }

    @AfterEach
    void stopVehicle() {
        bench.close();
    }

    private String serve(String version, int sizeMib, boolean rogue) {
        Path bundle = bench.sim.bundle(version, sizeMib, rogue);
        return server.url(bench.activityId + "/" + bundle.getFileName(), bundle);
    }

    /** DESIRED STATE, DOWNLOAD, UPDATE, ACTIVATE, each awaited. */
    private void updateAndActivate(String url) {
        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        bench.await(Status.UPDATE_SUCCESS);
        bench.command("ACTIVATE");
        bench.await(Status.ACTIVATION_SUCCESS);
    }

    @Test
    void theSeedsFlowUpdatesSlotBAndAfterTheRebootCleanupCommitsIt() {
        String url = serve("2.0", 2, false);
        bench.startAgent();

        bench.desiredState("2.0", url);
        DesiredStateFeedback identified = bench.await(Status.IDENTIFIED);
        assertEquals("self-update:os-image", identified.actions().get(0).component().id());
        bench.command("DOWNLOAD");
        DesiredStateFeedback downloaded = bench.await(Status.DOWNLOAD_SUCCESS);
        assertTrue(downloaded.actions().get(0).message().matches("Downloaded 2\\.\\d MiB\\.\\.\\."),
                downloaded.actions().get(0).message());
        assertEquals(100, downloaded.actions().get(0).progress());
        bench.command("UPDATE");
        bench.await(Status.UPDATE_SUCCESS);
        assertEquals("2.0", bench.sim.slotVersion("B"));
        assertEquals("A", bench.sim.primary(), "until ACTIVATE the booted slot stays first");
        bench.command("ACTIVATE");
        bench.await(Status.ACTIVATION_SUCCESS);
        assertEquals("B", bench.sim.primary());
        bench.command("CLEANUP");
        bench.await(Status.COMPLETED);

        assertEquals(List.of(Status.IDENTIFYING, Status.IDENTIFIED, Status.DOWNLOADING, Status.DOWNLOAD_SUCCESS,
                Status.UPDATING, Status.UPDATE_SUCCESS, Status.ACTIVATING, Status.ACTIVATION_SUCCESS,
                Status.CLEANUP_SUCCESS, Status.COMPLETED), bench.statusFlow());

        assertEquals("bad", bench.sim.bootState("B"), "not committed before it has booted");

        bench.reboot(false);
        assertEquals("B", bench.sim.booted());
        DesiredStateFeedback verified = bench.await(Status.ACTIVATION_SUCCESS);
        assertTrue(verified.message().contains("booted from rootfs.1 with version 2.0"), verified.message());
        // CLEANUP came before the reboot: the verified slot is committed without another command
        bench.await(Status.COMPLETED);
        assertEquals("good", bench.sim.bootState("B"));

        bench.command("CLEANUP");
        bench.await(Status.COMPLETED);
        assertEquals("good", bench.sim.bootState("B"));
        assertEquals("B", bench.sim.primary());
    }

    @Test
    void inTheUpdateManagersOrderTheNewSlotIsOnTrialUntilCleanupAfterTheReboot() {
        String url = serve("2.0", 1, false);
        bench.startAgent();
        updateAndActivate(url);

        bench.reboot(false);
        bench.await(Status.ACTIVATION_SUCCESS);
        assertEquals("bad", bench.sim.bootState("B"), "on trial until CLEANUP");
        bench.command("CLEANUP");
        DesiredStateFeedback cleaned = bench.await(Status.CLEANUP_SUCCESS);
        assertEquals(ActionStatus.UPDATE_SUCCESS, cleaned.actions().get(0).status());
        bench.await(Status.COMPLETED);
        assertEquals("good", bench.sim.bootState("B"));

        bench.reboot(false);
        assertEquals("B", bench.sim.booted());
    }
    @Test
    void aBundleWithAnotherVersionIsRejectedAndNothingIsWritten() {
        String url = serve("2.1", 1, false);
        bench.startAgent();

        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        DesiredStateFeedback rejected = bench.await(Status.UPDATE_FAILURE);

        assertEquals("Update rejected.", rejected.message());
        assertEquals("Bundle version does not match version in desired state request. The bundle has version "
                + "'2.1', the desired state asks for '2.0'.", rejected.actions().get(0).message());
        assertEquals("", bench.sim.slotVersion("B"));
        assertEquals("A", bench.sim.primary());
        bench.command("CLEANUP");
        bench.await(Status.INCOMPLETE);
    }

    @Test
    void aBundleWhoseDigestDiffersFromThePinIsRefusedThoughRaucWouldTakeIt() throws Exception {
        // two builds of 2.0, both signed by the vendor's key: RAUC would install either; the pin names the first
        String pin = new FileBundleDigest().sha256(bench.sim.bundle("2.0", 1, false));
        Path other = bench.sim.bundle("2.0", 2, false);
        String url = server.url(bench.activityId + "/" + other.getFileName(), other);
        bench.startAgent();

        bench.desiredState("2.0", url, pin);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        DesiredStateFeedback rejected = bench.await(Status.UPDATE_FAILURE);

        assertEquals("Update rejected.", rejected.message());
        assertEquals("Bundle digest does not match the SHA-256 in desired state request. The bundle has SHA-256 '"
                + new FileBundleDigest().sha256(other) + "', the desired state pins '" + pin + "'.",
                rejected.actions().get(0).message());
        assertEquals("", bench.sim.slotVersion("B"));
        assertEquals("A", bench.sim.primary());
        bench.command("CLEANUP");
        bench.await(Status.INCOMPLETE);
    }

    @Test
    void aBundleWithThePinnedDigestIsInstalled() throws Exception {
        Path bundle = bench.sim.bundle("2.0", 1, false);
        String url = server.url(bench.activityId + "/" + bundle.getFileName(), bundle);
        bench.startAgent();

        bench.desiredState("2.0", url, new FileBundleDigest().sha256(bundle).toUpperCase(java.util.Locale.ROOT));
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        bench.await(Status.UPDATE_SUCCESS);

        assertEquals("2.0", bench.sim.slotVersion("B"));
        assertEquals("A", bench.sim.primary());
    }

    @Test
    void aBundleSignedByAnotherKeyFailsWithRaucsOwnError() {
        String url = serve("2.0", 1, true);
        bench.startAgent();

        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        DesiredStateFeedback failed = bench.await(Status.UPDATE_FAILURE);

        assertEquals("Install failed.", failed.message());
        assertTrue(failed.actions().get(0).message().startsWith("signature verification failed"),
                failed.actions().get(0).message());
        assertEquals("", bench.sim.slotVersion("B"));
        assertEquals("A", bench.sim.primary());
    }

    @Test
    void whenTheBootloaderFallsBackTheActivationFailsNamingBothSlots() {
        String url = serve("2.0", 1, false);
        bench.startAgent();
        updateAndActivate(url);

        bench.reboot(true);
        assertEquals("A", bench.sim.booted());
        DesiredStateFeedback failed = bench.await(Status.ACTIVATION_FAILURE);
        assertEquals("Self-update agent has failed to activate the new OS image. rootfs.1 (B) was activated, but "
                + "the system booted from rootfs.0 (A): the bootloader fell back.", failed.actions().get(0).message());
        assertEquals("A", bench.sim.primary(), "the working slot boots next");

        bench.command("ACTIVATE");
        bench.await(Status.ACTIVATION_FAILURE);
        bench.command("CLEANUP");
        DesiredStateFeedback incomplete = bench.await(Status.INCOMPLETE);
        assertEquals(ActionStatus.UPDATE_FAILURE, incomplete.actions().get(0).status());
        assertEquals("A", bench.sim.primary());
    }

    @Test
    void rollbackBeforeTheRebootMakesThePreviousSlotActiveAgain() {
        String url = serve("2.0", 1, false);
        bench.startAgent();
        updateAndActivate(url);

        bench.command("ROLLBACK");
        DesiredStateFeedback rolledBack = bench.await(Status.ROLLBACK_SUCCESS);
        assertEquals("Self-update agent has rolled back the OS image update. rootfs.0 (A) is the active slot again.",
                rolledBack.message());
        assertEquals("A", bench.sim.primary());
        bench.command("CLEANUP");
        bench.await(Status.INCOMPLETE);

        bench.reboot(false);
        assertEquals("A", bench.sim.booted());
    }

    @Test
    void rollbackAfterTheRebootNeedsAnotherRebootToFinish() {
        String url = serve("2.0", 1, false);
        bench.startAgent();
        updateAndActivate(url);
        bench.reboot(false);
        bench.await(Status.ACTIVATION_SUCCESS);

        bench.command("ROLLBACK");
        DesiredStateFeedback rolledBack = bench.await(Status.ROLLBACK_SUCCESS);
        assertEquals("Self-update agent has rolled back the OS image update. rootfs.0 (A) is the active slot again; "
                + "a reboot is required to finish the rollback.", rolledBack.message());
        assertEquals("A", bench.sim.primary());
        bench.command("CLEANUP");
        bench.await(Status.INCOMPLETE);
        assertEquals("bad", bench.sim.bootState("B"), "the rolled back slot is never committed");

        bench.reboot(false);
        assertEquals("A", bench.sim.booted());
    }

    @Test
    void aDownloadCutInTheMiddleIsResumedWithARangeRequest() {
        String url = serve("2.0", 4, false);
        server.breakNextResponseAfter(1024 * 1024, false);
        int before = server.ranges.size();
        bench.startAgent();

        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);

        List<String> ranges = server.ranges.subList(before, server.ranges.size());
        assertEquals("", ranges.get(0));
        assertTrue(ranges.get(1).matches("bytes=[1-9][0-9]*-"), ranges.toString());
        assertTrue(Long.parseLong(ranges.get(1).replaceAll("\\D", "")) <= 1024 * 1024, ranges.toString());
        bench.command("UPDATE");
        bench.await(Status.UPDATE_SUCCESS);
        assertEquals("2.0", bench.sim.slotVersion("B"));
    }

    @Test
    void aKillDuringTheDownloadIsResumedAfterTheRestart() {
        String url = serve("2.0", 8, false);
        server.breakNextResponseAfter(3 * 1024 * 1024, true);
        int before = server.ranges.size();
        bench.startAgentProcess();

        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED, java.time.Duration.ofSeconds(60));
        bench.command("DOWNLOAD");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> server.sentInBrokenResponse.get() > 0 && partialSize() > 0);
        bench.killAgentProcess();
        server.release();

        bench.startAgentProcess();
        bench.await(Status.DOWNLOAD_SUCCESS, java.time.Duration.ofSeconds(60));
        List<String> ranges = server.ranges.subList(before, server.ranges.size());
        assertEquals(2, ranges.size(), ranges.toString());
        assertTrue(ranges.get(1).matches("bytes=[1-9][0-9]*-"), ranges.toString());
    }

    @Test
    void aKillDuringTheInstallIsResolvedFromRaucsStateAfterTheRestart() {
        String url = serve("2.0", 96, false);
        bench.startAgentProcess();

        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED, java.time.Duration.ofSeconds(60));
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        // killed while RAUC writes the slot: RAUC goes on without the agent
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(
                java.time.Duration.ofMillis(1)).until(() -> bench.sim.operation().equals("installing"));
        bench.killAgentProcess();

        bench.startAgentProcess();
        bench.await(Status.UPDATE_SUCCESS, java.time.Duration.ofSeconds(60));
        assertEquals("2.0", bench.sim.slotVersion("B"));
        assertEquals("A", bench.sim.primary(), "after the restart the booted slot is first again");
        bench.command("ACTIVATE");
        bench.await(Status.ACTIVATION_SUCCESS);
        assertEquals("B", bench.sim.primary());
    }

    private long partialSize() throws java.io.IOException {
        Path agentData = bench.sim.state().resolve("agent");
        if (!Files.isDirectory(agentData)) {
            return 0;
        }
        try (var files = Files.list(agentData)) {
            return files.filter(p -> p.toString().endsWith(".part")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
    @Test
    void rollbackStopsADownloadThatHangs() {
        String url = serve("2.0", 4, false);
        server.breakNextResponseAfter(1024 * 1024, true);
        bench.startAgent();
        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOADING);

        bench.command("ROLLBACK");
        DesiredStateFeedback rolledBack = bench.await(Status.ROLLBACK_SUCCESS);
        server.release();
        assertEquals("Self-update agent has rolled back the OS image update. rootfs.0 (A) stays the active slot.",
                rolledBack.message());
        bench.command("CLEANUP");
        bench.await(Status.INCOMPLETE);
        assertTrue(bench.feedback().stream().noneMatch(f -> f.status() == Status.DOWNLOAD_SUCCESS
                || f.status() == Status.DOWNLOAD_FAILURE));
        assertEquals("", bench.sim.slotVersion("B"));
    }
    @Test
    void aBundleForAnotherSystemFailsWithRaucsCompatibleMismatch() {
        Path bundle = bench.sim.bundle("2.0", 1, false, "other-vehicle");
        String url = server.url(bench.activityId + "/" + bundle.getFileName(), bundle);
        bench.startAgent();

        bench.desiredState("2.0", url);
        bench.await(Status.IDENTIFIED);
        bench.command("DOWNLOAD");
        bench.await(Status.DOWNLOAD_SUCCESS);
        bench.command("UPDATE");
        DesiredStateFeedback failed = bench.await(Status.UPDATE_FAILURE);

        assertEquals("Installation error: Compatible mismatch: Expected 'leda-vehicle' but bundle manifest has "
                + "'other-vehicle'", failed.actions().get(0).message());
        assertEquals("A", bench.sim.primary());
    }
}

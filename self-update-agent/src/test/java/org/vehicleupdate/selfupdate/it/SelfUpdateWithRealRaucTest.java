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

        bench.reboot(false);
        assertEquals("B", bench.sim.booted());
        DesiredStateFeedback verified = bench.await(Status.ACTIVATION_SUCCESS);
        assertTrue(verified.message().contains("booted from rootfs.1 with version 2.0"), verified.message());
        assertEquals("bad", bench.sim.bootState("B"), "on trial until CLEANUP");

        bench.command("CLEANUP");
        bench.await(Status.COMPLETED);
        assertEquals("good", bench.sim.bootState("B"));
        assertEquals("B", bench.sim.primary());
    }
}

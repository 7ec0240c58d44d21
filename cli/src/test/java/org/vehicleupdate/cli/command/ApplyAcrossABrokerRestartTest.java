package org.vehicleupdate.cli.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;

/** The broker restarts while {@code apply} follows an update (a vehicle's broker restarted with the services). */
class ApplyAcrossABrokerRestartTest {
    private EmbeddedBroker broker;

    @TempDir
    Path dir;

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private static String feedback(String status) {
        return "{\"activityId\":\"restart-1\",\"payload\":{\"status\":\"" + status + "\"}}";
    }

    @Test
    void applyReconnectsSaysThatFeedbackMayHaveBeenMissedAndFollowsTheUpdateToItsEnd() throws Exception {
        broker = EmbeddedBroker.start();
        int port = broker.port();
        Path file = Files.writeString(dir.resolve("update.json"),
                "{\"activityId\":\"restart-1\",\"payload\":{\"domains\":[{\"id\":\"containers\",\"components\":[]}]}}");
        CliRun cli = CliRun.plain();
        CompletableFuture<Integer> apply;
        try (TestMqttClient manager = new TestMqttClient(broker.url()).subscribe("vehicleupdate/desiredstate")) {
            apply = cli.start("apply", "--broker", broker.url(), file.toString());
            await().atMost(Duration.ofSeconds(20)).until(() -> manager.on("vehicleupdate/desiredstate").size() == 1);
            manager.publish("vehicleupdate/desiredstatefeedback", feedback("RUNNING"));
            await().atMost(Duration.ofSeconds(20)).until(() -> cli.out().contains("RUNNING"));
        }

        broker.stopAndWait();
        broker = EmbeddedBroker.startOn(port);

        await().atMost(Duration.ofSeconds(40)).until(() -> cli.err().contains("reconnected to " + broker.url()));
        try (TestMqttClient manager = new TestMqttClient(broker.url())) {
            // the CLI subscribes again just after reconnecting: keep saying it until it has heard
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                manager.publish("vehicleupdate/desiredstatefeedback", feedback("COMPLETED"));
                return apply.isDone();
            });
        }
        assertEquals(0, apply.get(10, TimeUnit.SECONDS), cli.out() + cli.err());
        assertTrue(cli.err().contains("vehicle-update: lost connection to " + broker.url()), cli.err());
        assertTrue(cli.err().contains("reconnecting (feedback sent meanwhile is missed)"), cli.err());
        assertTrue(cli.out().endsWith("COMPLETED\n"), cli.out());
    }
}

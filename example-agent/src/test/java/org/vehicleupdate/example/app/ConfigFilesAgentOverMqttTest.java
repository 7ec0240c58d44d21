package org.vehicleupdate.example.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;

/** The example agent as a program, over a real broker, driven with the messages an update-manager sends. */
class ConfigFilesAgentOverMqttTest {
    @TempDir
    Path root;

    @Test
    void aDesiredStateAndItsCommandsPutTheNewFileInPlace() throws Exception {
        Path bundle = Files.writeString(root.resolve("app-2.conf"), "colour=blue");
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                TestMqttClient manager = new TestMqttClient(broker.url()).subscribe("configfilesupdate/#")) {
            Map<String, String> config = Map.of("mqtt.url", broker.url(), "configfiles.root",
                    root.resolve("files").toString());
            try (ConfigFilesAgentMain agent = ConfigFilesAgentMain.start(key -> Optional.ofNullable(config.get(key)))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> manager.on("configfilesupdate/currentstate")
                        .stream().anyMatch(m -> m.contains("initial-current-state-")));

                manager.publish("configfilesupdate/desiredstate", "{\"activityId\":\"a1\",\"timestamp\":1,"
                        + "\"payload\":{\"domains\":[{\"id\":\"config-files\",\"components\":[{\"id\":\"app.conf\","
                        + "\"version\":\"2\",\"config\":[{\"key\":\"source\",\"value\":\"" + bundle + "\"}]}]}]}}");
                awaitStatus(manager, "IDENTIFIED");
                for (String[] step : new String[][] {{"DOWNLOAD", "DOWNLOAD_SUCCESS"}, {"UPDATE", "UPDATE_SUCCESS"},
                        {"ACTIVATE", "ACTIVATION_SUCCESS"}, {"CLEANUP", "COMPLETED"}}) {
                    manager.publish("configfilesupdate/desiredstate/command", "{\"activityId\":\"a1\",\"timestamp\":1,"
                            + "\"payload\":{\"command\":\"" + step[0] + "\"}}");
                    awaitStatus(manager, step[1]);
                }

                assertThat(Files.readString(root.resolve("files/current/app.conf"))).isEqualTo("colour=blue");
            }
        }
    }

    private static void awaitStatus(TestMqttClient manager, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> manager.on("configfilesupdate/desiredstatefeedback")
                .stream().anyMatch(m -> m.contains("\"status\":\"" + status + "\"")));
    }
}

package org.vehicleupdate.updatemanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.updatemanager.testing.ScriptedAgent;

/** The Quarkus application as shipped: configuration from Kanto's file, the service bean, the reboot command. */
@QuarkusTest
@QuarkusTestResource(BrokerResource.class)
class UpdateManagerServiceTest {

    @Test
    void serviceConfiguredByKantosFileRunsTheRebootCommandAndLeavesVerificationToTheNextBoot() {
        String url = BrokerResource.broker.url();
        try (TestMqttClient operator = new TestMqttClient(url).subscribe("vehicleupdate/desiredstatefeedback");
                ScriptedAgent containers = new ScriptedAgent(url, "containers", "1.0").start();
                ScriptedAgent selfUpdate = new ScriptedAgent(url, "self-update", "1.0").start()) {
            operator.publish("vehicleupdate/desiredstate", """
                    {"activityId":"q1","timestamp":1,"payload":{"domains":[
                      {"id":"self-update","components":[{"id":"os-image","version":"2.0"}]},
                      {"id":"containers","components":[{"id":"hello","version":"2.0"}]}]}}""");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(BrokerResource.rebootMarker));

            // what the agents say before the vehicle is down describes the old boot: nothing is verified now,
            // the manager that the new boot starts does it (UpdateManagerMqttTest restarts one)
            assertThat(operator.on("vehicleupdate/desiredstatefeedback"))
                    .anySatisfy(j -> assertThat(j).contains("will reboot"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> operator
                    .on("vehicleupdate/desiredstatefeedback").stream()
                    .noneMatch(j -> j.contains("verifying the activation") || j.contains("\"COMPLETED\"")));
            assertThat(selfUpdate.received()).containsSubsequence("do ACTIVATE").doesNotContain("do CLEANUP");
        }
    }
}

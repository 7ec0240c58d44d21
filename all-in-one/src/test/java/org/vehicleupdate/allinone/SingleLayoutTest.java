package org.vehicleupdate.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.allinone.app.AllInOneService;
import org.vehicleupdate.allinone.app.HostedService;
import org.vehicleupdate.kit.testing.TestMqttClient;

/**
 * The single layout as shipped (this module's Quarkus application: the three services in the test's JVM) on a real
 * broker, RAUC and Podman: each service on its own topics with the client id it has in a process of its own, and
 * an update through all three to COMPLETED.
 */
@QuarkusTest
@QuarkusTestResource(SingleLayoutResource.class)
class SingleLayoutTest {
    @Inject
    AllInOneService process;

    @Test
    void eachServiceConnectsWithItsOwnClientIdAndAnswersOnItsOwnTopics() {
        assertThat(process.services()).extracting(HostedService::name, s -> s.broker().clientId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("self-update-agent", "self-update-agent"),
                        org.assertj.core.groups.Tuple.tuple("container-update-agent", "container-update-agent"),
                        org.assertj.core.groups.Tuple.tuple("update-manager", "update-manager"));
        assertThat(process.services()).allSatisfy(s -> assertThat(s.broker().url())
                .isEqualTo(SingleLayoutResource.broker.url()));
        try (TestMqttClient observer = new TestMqttClient(SingleLayoutResource.broker.url())
                .subscribe("vehicleupdate/currentstate", "containersupdate/currentstate", "selfupdate/currentstate")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(observer.on("vehicleupdate/currentstate")).isNotEmpty();
                if (SingleLayoutResource.sims != null) {
                    assertThat(observer.on("containersupdate/currentstate")).isNotEmpty();
                    assertThat(observer.on("selfupdate/currentstate")).isNotEmpty();
                }
            });
        }
    }

    @Test
    void aDesiredStateThatChangesNothingRunsThroughAllThreeServicesToCompleted() {
        assumeTrue(SingleLayoutResource.sims != null, DeviceSims::unavailableReason);
        String version = SingleLayoutResource.sims.installedVersion();
        try (TestMqttClient operator = new TestMqttClient(SingleLayoutResource.broker.url()).subscribe(
                "vehicleupdate/desiredstatefeedback", "selfupdate/desiredstate", "containersupdate/desiredstate")) {
            operator.publish("vehicleupdate/desiredstate", """
                    {"activityId":"aio-1","timestamp":1,"payload":{"domains":[
                      {"id":"self-update","components":[{"id":"os-image","version":"%s",
                        "config":[{"key":"image","value":"http://127.0.0.1:1/os.raucb"}]}]},
                      {"id":"containers","components":[]}]}}""".formatted(version));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    operator.on("vehicleupdate/desiredstatefeedback"))
                    .anySatisfy(f -> assertThat(f).contains("\"aio-1\"").contains("\"COMPLETED\"")));
            // the manager reached each agent on the topic it has in the separate layout
            assertThat(operator.on("selfupdate/desiredstate")).anySatisfy(m -> assertThat(m).contains("aio-1"));
            assertThat(operator.on("containersupdate/desiredstate")).anySatisfy(m -> assertThat(m).contains("aio-1"));
        }
    }
}

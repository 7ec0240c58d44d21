package org.vehicleupdate.kit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.validation.MessageReader;

class AgentEndpointTest {
    private static final String DESIRED_STATE = "{\"activityId\":\"a1\",\"timestamp\":1,\"payload\":{\"domains\":"
            + "[{\"id\":\"files\",\"components\":[{\"id\":\"app\",\"version\":\"1\"}]}]}}";
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aMessageThatCameBeforeTheJournalWasReadIsHandledAfterItAndTheFirstInventoryFollows() throws Exception {
        CountDownLatch journalRead = new CountDownLatch(1);
        try (PahoMessageBus bus = PahoMessageBus.create(BrokerSettings.plain(broker.url(), "files-agent-1"));
                TestMqttClient user = new TestMqttClient(broker.url()).subscribe("filesupdate/#")) {
            AgentEndpoint endpoint = new AgentEndpoint(bus, new MessageReader(), Clock.systemUTC(), "files");
            FakeDomain domain = new FakeDomain(endpoint.outbox());
            domain.onResume = () -> await().atMost(Duration.ofSeconds(30)).until(() -> journalRead.getCount() == 0);
            endpoint.serve(domain);
            bus.start();
            endpoint.start(bus::awaitConnected);
            assertThat(bus.awaitConnected(Duration.ofSeconds(30))).isTrue();

            user.publish("filesupdate/desiredstate", DESIRED_STATE);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> user.on("filesupdate/desiredstatefeedback").isEmpty());
            assertThat(domain.calls).containsExactly("resume");

            journalRead.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> domain.calls.contains("identify a1"));
            assertThat(user.on("filesupdate/desiredstatefeedback")).singleElement().asString()
                    .contains("\"activityId\":\"a1\"").contains("\"status\":\"IDENTIFYING\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> !user.on("filesupdate/currentstate").isEmpty());
            assertThat(user.on("filesupdate/currentstate").get(0)).contains("\"activityId\":\"initial-current-state-");
        }
    }

    @Test
    void anUnreadableCommandIsAnsweredWithTheReasonOnTheFeedbackTopic() throws Exception {
        try (PahoMessageBus bus = PahoMessageBus.create(BrokerSettings.plain(broker.url(), "files-agent-2"));
                TestMqttClient user = new TestMqttClient(broker.url()).subscribe("filesupdate/desiredstatefeedback")) {
            AgentEndpoint endpoint = new AgentEndpoint(bus, new MessageReader(), Clock.systemUTC(), "files");
            endpoint.serve(new FakeDomain(endpoint.outbox()));
            bus.start();
            endpoint.start(bus::awaitConnected);
            assertThat(bus.awaitConnected(Duration.ofSeconds(30))).isTrue();

            user.publish("filesupdate/desiredstate/command",
                    "{\"activityId\":\"a1\",\"timestamp\":1,\"payload\":{\"command\":\"REBOOT_NOW\"}}");

            await().atMost(Duration.ofSeconds(30)).until(() -> !user.on("filesupdate/desiredstatefeedback").isEmpty());
            assertThat(user.on("filesupdate/desiredstatefeedback").get(0)).contains("\"activityId\":\"a1\"")
                    .contains("\"status\":\"IDENTIFICATION_FAILED\"")
                    .contains("payload.command: expected one of [\\\"DOWNLOAD\\\"");
        }
    }
}

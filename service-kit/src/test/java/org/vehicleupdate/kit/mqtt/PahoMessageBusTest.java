package org.vehicleupdate.kit.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.EmbeddedBroker;
import org.vehicleupdate.kit.testing.TestMqttClient;

class PahoMessageBusTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static PahoMessageBus bus(String clientId) {
        return PahoMessageBus.create(BrokerSettings.plain(broker.url(), clientId));
    }

    @Test
    void twoThousandMessagesGoInAndOutThroughOneServiceWithNoLoss() throws Exception {
        int count = 2000;
        try (PahoMessageBus service = bus("echo-service");
                TestMqttClient user = new TestMqttClient(broker.url()).subscribe("echo/out")) {
            // publishing from inside the handler is the case that deadlocks or drops with a naive Paho setup
            service.subscribe("echo/in", (topic, payload) -> service.publish("echo/out", payload, false));
            service.start();
            assertTrue(service.awaitConnected(Duration.ofSeconds(10)));

            List<String> messages = IntStream.range(0, count).mapToObj(i -> "{\"n\":" + i + "}").toList();
            long start = System.nanoTime();
            user.publishAll("echo/in", messages);
            await().atMost(Duration.ofSeconds(60)).until(() -> user.on("echo/out").size() >= count);
            double seconds = (System.nanoTime() - start) / 1e9;

            Set<String> unique = new HashSet<>(user.on("echo/out"));
            assertEquals(count, unique.size(), "every message came out exactly once");
            System.out.printf("MQTT plumbing: %d QoS 1 messages in and out of one service in %.2f s = %.0f msg/s%n",
                    count, seconds, count / seconds);
        }
    }

    @Test
    void aHandlerThatPublishesMoreThanTheInFlightWindowAtOnceLosesNothingAndKeepsTheOrder() throws Exception {
        int count = 2500; // Paho holds at most 1000 unacknowledged messages; publish() does not wait for the broker
        List<String> expected = IntStream.range(0, count).mapToObj(String::valueOf).toList();
        try (PahoMessageBus service = bus("burst-service");
                TestMqttClient user = new TestMqttClient(broker.url()).subscribe("burst/out")) {
            service.subscribe("burst/in", (topic, payload) -> expected.forEach(
                    n -> service.publish("burst/out", n.getBytes(StandardCharsets.UTF_8), false)));
            service.start();
            assertTrue(service.awaitConnected(Duration.ofSeconds(10)));

            user.publish("burst/in", "go");

            await().atMost(Duration.ofSeconds(60)).until(() -> user.on("burst/out").size() >= count);
            assertEquals(expected, user.on("burst/out"));
        }
    }

    @Test
    void closingWhileMessagesAreQueuedHandlesThemFirstAndLeavesTheRestToTheNextSession() throws Exception {
        List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (TestMqttClient user = new TestMqttClient(broker.url()).subscribe("closing/out")) {
            PahoMessageBus service = bus("closing-service");
            service.subscribe("closing/in", (topic, payload) -> {
                handled.add(new String(payload, StandardCharsets.UTF_8));
                service.publish("closing/out", payload, false);
            });
            service.start();
            assertTrue(service.awaitConnected(Duration.ofSeconds(10)));
            user.publishAll("closing/in", IntStream.range(0, 200).mapToObj(String::valueOf).toList());

            service.close();

            // every message the service handled was also answered: nothing half done at shutdown
            await().until(() -> user.on("closing/out").size() >= handled.size());
            assertEquals(handled, user.on("closing/out"));
        }
    }

    @Test
    void retainedMessagesReachSubscribersThatComeLater() throws Exception {
        try (PahoMessageBus service = bus("retaining-service")) {
            service.start();
            assertTrue(service.awaitConnected(Duration.ofSeconds(10)));
            service.publish("state/current", "{\"v\":1}".getBytes(StandardCharsets.UTF_8), true);

            try (TestMqttClient late = new TestMqttClient(broker.url()).subscribe("state/current")) {
                await().until(() -> late.received().size() == 1);
                assertEquals(new TestMqttClient.Received("state/current", "{\"v\":1}", true), late.received().get(0));
            }
        }
    }

    @Test
    void aHandlerThatThrowsDoesNotStopTheNextMessage() throws Exception {
        try (PahoMessageBus service = bus("fragile-service");
                TestMqttClient user = new TestMqttClient(broker.url()).subscribe("fragile/out")) {
            service.subscribe("fragile/in", (topic, payload) -> {
                if (new String(payload, StandardCharsets.UTF_8).equals("boom")) {
                    throw new IllegalStateException("handler bug");
                }
                service.publish("fragile/out", payload, false);
            });
            service.start();
            assertTrue(service.awaitConnected(Duration.ofSeconds(10)));

            user.publish("fragile/in", "boom");
            user.publish("fragile/in", "fine");

            await().until(() -> user.on("fragile/out").equals(List.of("fine")));
        }
    }

    @Test
    void aServiceStartedBeforeTheBrokerConnectsWhenItComesAndResubscribesAfterARestart() throws Exception {
        int port = EmbeddedBroker.freePort();
        try (PahoMessageBus service = PahoMessageBus.create(
                BrokerSettings.plain("tcp://127.0.0.1:" + port, "patient-service"))) {
            service.subscribe("patient/in", (topic, payload) -> service.publish("patient/out", payload, false));
            service.start();

            EmbeddedBroker first = EmbeddedBroker.startOn(port);
            assertTrue(service.awaitConnected(Duration.ofSeconds(30)));
            first.stopAndWait();
            EmbeddedBroker second = EmbeddedBroker.startOn(port);
            try (TestMqttClient user = new TestMqttClient(second.url()).subscribe("patient/out")) {
                await().atMost(Duration.ofSeconds(40)).until(service::isConnected);
                // the new broker knows nothing of the old session: only a re-subscription makes this arrive
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    user.publish("patient/in", "ping");
                    assertTrue(user.on("patient/out").contains("ping"));
                });
            } finally {
                second.close();
            }
        }
    }
}

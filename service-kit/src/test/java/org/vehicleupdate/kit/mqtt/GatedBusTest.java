package org.vehicleupdate.kit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GatedBusTest {
    /** Delivers each message on a thread of its own, as a bus's handler thread would. */
    private static final class DirectBus implements MessageBus {
        final List<MessageHandler> handlers = new ArrayList<>();
        final List<String> published = new CopyOnWriteArrayList<>();

        @Override
        public void subscribe(String topicFilter, MessageHandler handler) {
            handlers.add(handler);
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retained) {
            published.add(new String(payload, StandardCharsets.UTF_8));
        }

        Thread deliver(String message) {
            Thread thread = new Thread(() -> handlers.forEach(h -> h.onMessage("t", message.getBytes(
                    StandardCharsets.UTF_8))));
            thread.start();
            return thread;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void messagesWaitUntilTheGateOpensWhilePublishingGoesOn() throws Exception {
        DirectBus inner = new DirectBus();
        GatedBus gate = new GatedBus(inner);
        List<String> handled = new CopyOnWriteArrayList<>();
        gate.subscribe("t", (topic, payload) -> handled.add(new String(payload, StandardCharsets.UTF_8)));

        Thread delivery = inner.deliver("queued while the journal was read");
        gate.publish("out", "resumed".getBytes(StandardCharsets.UTF_8), false);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(handled::isEmpty);
        assertThat(inner.published).containsExactly("resumed");

        gate.open();
        delivery.join(2000);
        assertThat(handled).containsExactly("queued while the journal was read");
    }

    @Test
    void afterAHaltNothingGoesInOrOut() throws Exception {
        DirectBus inner = new DirectBus();
        GatedBus gate = new GatedBus(inner);
        List<String> handled = new CopyOnWriteArrayList<>();
        gate.subscribe("t", (topic, payload) -> handled.add("x"));

        Thread delivery = inner.deliver("m");
        gate.halt();
        delivery.join(2000);
        gate.publish("out", new byte[0], false);

        assertThat(handled).isEmpty();
        assertThat(inner.published).isEmpty();
    }
}

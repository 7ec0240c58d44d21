package org.vehicleupdate.kit.wire;

import java.time.Clock;
import java.util.function.Consumer;
import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * Typed messages over a {@link MessageBus}: every message in is size-checked, parsed and validated against
 * its schema before a handler sees it, and every message out is wrapped in an envelope stamped by the clock.
 */
public final class WireBus {
    private final MessageBus bus;
    private final MessageReader reader;
    private final Clock clock;

    public WireBus(MessageBus bus, MessageReader reader, Clock clock) {
        this.bus = bus;
        this.reader = reader;
        this.clock = clock;
    }

    /** Handles the messages on a topic; a refused message reaches the handler as {@link ReadResult.Rejected}. */
    public <T> void on(String topicFilter, MessageKind kind, Consumer<ReadResult<T>> handler) {
        bus.subscribe(topicFilter, (topic, payload) -> handler.accept(reader.<T>read(payload, kind)));
    }

    /** Like {@link #on} for a handler that also needs the topic (a wildcard subscription). */
    public <T> void on(String topicFilter, MessageKind kind, TopicHandler<T> handler) {
        bus.subscribe(topicFilter, (topic, payload) -> handler.accept(topic, reader.<T>read(payload, kind)));
    }

    public void send(String topic, String activityId, Object payload) {
        bus.publish(topic, WireJson.writeBytes(Envelope.of(activityId, clock.millis(), payload)), false);
    }

    /** Sends a message the broker keeps for later subscribers: the current state. */
    public void sendRetained(String topic, String activityId, Object payload) {
        bus.publish(topic, WireJson.writeBytes(Envelope.of(activityId, clock.millis(), payload)), true);
    }

    public Clock clock() {
        return clock;
    }

    /** Receives the topic with the message. */
    @FunctionalInterface
    public interface TopicHandler<T> {
        void accept(String topic, ReadResult<T> message);
    }
}

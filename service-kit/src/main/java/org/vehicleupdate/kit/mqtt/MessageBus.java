package org.vehicleupdate.kit.mqtt;

/**
 * The port through which a service talks MQTT. Everything is QoS 1 and goes out in the order it was published.
 * Handlers run one at a time on one thread, in the order the broker delivered, and may publish from inside; a
 * message is acknowledged to the broker only after its handler returned and the broker has acknowledged what the
 * handler published, so a crash at any point before gets it delivered again.
 */
public interface MessageBus extends AutoCloseable {

    /** Registers a handler; the subscription is made now if connected and again after every reconnect. */
    void subscribe(String topicFilter, MessageHandler handler);

    /**
     * Publishes at QoS 1 and returns without waiting for the broker: an unacknowledged message is sent again
     * after a reconnect, and while disconnected messages are buffered and sent after the reconnect. What must be
     * durable before it is announced is made durable before this call.
     */
    void publish(String topic, byte[] payload, boolean retained);

    /** Handles what was taken, waits for the broker to acknowledge what was published, disconnects. */
    @Override
    void close();
}

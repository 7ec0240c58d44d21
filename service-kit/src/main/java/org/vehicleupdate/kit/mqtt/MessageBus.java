package org.vehicleupdate.kit.mqtt;

/**
 * The port through which a service talks MQTT. Everything is QoS 1. Handlers run one at a time on one
 * thread, in the order the broker delivered, and may publish from inside; a message is acknowledged to the
 * broker only after its handler returns, so a crash in between gets it delivered again.
 */
public interface MessageBus extends AutoCloseable {

    /** Registers a handler; the subscription is made now if connected and again after every reconnect. */
    void subscribe(String topicFilter, MessageHandler handler);

    /**
     * Publishes at QoS 1. While connected it returns when the broker has acknowledged; while disconnected the
     * message is buffered and sent after the reconnect.
     */
    void publish(String topic, byte[] payload, boolean retained);

    /** Disconnects cleanly and stops the handler thread. */
    @Override
    void close();
}

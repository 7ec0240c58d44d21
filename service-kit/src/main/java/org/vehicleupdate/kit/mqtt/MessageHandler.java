package org.vehicleupdate.kit.mqtt;

/** Receives the messages of one subscription. */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(String topic, byte[] payload);
}

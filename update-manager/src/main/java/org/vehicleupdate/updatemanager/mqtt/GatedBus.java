package org.vehicleupdate.updatemanager.mqtt;

import java.util.concurrent.CountDownLatch;
import org.vehicleupdate.kit.mqtt.MessageBus;

/**
 * Holds incoming messages back until the manager has read its journal (a message queued by the broker while
 * the manager was down must meet the resumed activity), and drops all traffic once the manager is halted.
 */
public final class GatedBus implements MessageBus {
    private final MessageBus delegate;
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile boolean halted;

    public GatedBus(MessageBus delegate) {
        this.delegate = delegate;
    }

    /** Lets the messages through. */
    public void open() {
        open.countDown();
    }

    /** From now on nothing goes in or out, as if the process had died. */
    public void halt() {
        halted = true;
        open.countDown();
    }

    @Override
    public void subscribe(String topicFilter, org.vehicleupdate.kit.mqtt.MessageHandler handler) {
        delegate.subscribe(topicFilter, (topic, payload) -> {
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!halted) {
                handler.onMessage(topic, payload);
            }
        });
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        if (!halted) {
            delegate.publish(topic, payload, retained);
        }
    }

    @Override
    public void close() {
        open.countDown();
        delegate.close();
    }
}

package org.vehicleupdate.kit.mqtt;

import java.util.concurrent.CountDownLatch;

/**
 * A {@link MessageBus} that holds incoming messages back until {@link #open()}: a service reads its journal and
 * resumes first, so that a message the broker kept for it while it was down meets the resumed activity. Messages
 * wait on the bus's handler thread, in order, unacknowledged. Publishing is never held. After {@link #halt()}
 * nothing goes in or out any more, as if the process had died (what tests of a crash need).
 */
public final class GatedBus implements MessageBus {
    private final MessageBus delegate;
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile boolean halted;

    public GatedBus(MessageBus delegate) {
        this.delegate = delegate;
    }

    /** Lets the messages through, those held first. */
    public void open() {
        open.countDown();
    }

    /** From now on nothing is handled or published. */
    public void halt() {
        halted = true;
        open.countDown();
    }

    @Override
    public void subscribe(String topicFilter, MessageHandler handler) {
        delegate.subscribe(topicFilter, (topic, payload) -> {
            try {
                open.await();
            } catch (InterruptedException e) {
                // only a closing bus interrupts its handler thread
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

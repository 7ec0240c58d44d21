package org.vehicleupdate.kit.mqtt;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * When an incoming QoS 1 message may be acknowledged to the broker: once its handler has returned and the broker
 * has acknowledged everything the handler published, and never before a message that came earlier (MQTT 3.1.1
 * sends PUBACKs in the order the PUBLISHes arrived). Until then the broker holds the message for this client's
 * session, so a crash at any point before gets it delivered again, and nothing the handler published is lost
 * with it. The handler thread does not wait for the broker meanwhile: it goes on with the next message.
 *
 * @param <M> the message as the MQTT client knows it
 */
final class AcknowledgementOrder<M> {
    private final Consumer<M> acknowledge;
    private final ArrayDeque<Incoming<M>> waiting = new ArrayDeque<>();

    /** @param acknowledge sends the acknowledgement; called in order, under this object's lock, must not block */
    AcknowledgementOrder(Consumer<M> acknowledge) {
        this.acknowledge = Objects.requireNonNull(acknowledge, "acknowledge");
    }

    /** A message is about to be handled. */
    synchronized Incoming<M> received(M message) {
        Incoming<M> incoming = new Incoming<>(message);
        waiting.add(incoming);
        return incoming;
    }

    /** Its handler published a message that the broker has not acknowledged yet. */
    synchronized void published(Incoming<M> cause) {
        cause.unacknowledgedPublishes++;
    }

    /** The broker acknowledged one of them, or it was given up on (logged by the caller). */
    synchronized void delivered(Incoming<M> cause) {
        cause.unacknowledgedPublishes--;
        release();
    }

    /** Its handler has returned (or thrown). */
    synchronized void handled(Incoming<M> incoming) {
        incoming.handled = true;
        release();
    }

    /** How many messages wait for their acknowledgement. */
    synchronized int waiting() {
        return waiting.size();
    }

    private void release() {
        while (!waiting.isEmpty() && waiting.peek().done()) {
            acknowledge.accept(waiting.poll().message);
        }
    }

    /** One incoming message on its way to being acknowledged; guarded by the order's lock. */
    static final class Incoming<M> {
        private final M message;
        private int unacknowledgedPublishes;
        private boolean handled;

        private Incoming(M message) {
            this.message = message;
        }

        private boolean done() {
            return handled && unacknowledgedPublishes <= 0;
        }
    }
}

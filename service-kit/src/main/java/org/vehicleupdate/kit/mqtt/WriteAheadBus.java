package org.vehicleupdate.kit.mqtt;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.vehicleupdate.kit.journal.SyncPoint;

/**
 * A {@link MessageBus} that publishes nothing before the journal records written ahead of it are durable, with
 * one {@code fdatasync} per handled message however many records the message caused (group commit): what a
 * handler publishes is held until it returns, then the journal is synced once, then the held messages go out in
 * the order they were published, then the journal hears that they did ({@link SyncPoint#sent}). A message
 * published from another thread (a timer) while a handler runs joins the held ones, so that messages leave in
 * the order they were made; outside a handler it is synced and sent at once.
 *
 * <p>When the journal cannot be synced, the held messages are dropped with an error in the log: a state that is
 * not durable is never announced.
 */
public final class WriteAheadBus implements MessageBus {
    private static final System.Logger LOG = System.getLogger(WriteAheadBus.class.getName());

    private final MessageBus delegate;
    private final SyncPoint journal;
    private final List<Outgoing> held = new ArrayList<>();
    private boolean handling;

    public WriteAheadBus(MessageBus delegate, SyncPoint journal) {
        this.delegate = delegate;
        this.journal = journal;
    }

    @Override
    public void subscribe(String topicFilter, MessageHandler handler) {
        delegate.subscribe(topicFilter, (topic, payload) -> {
            begin();
            try {
                handler.onMessage(topic, payload);
            } finally {
                release();
            }
        });
    }

    @Override
    public synchronized void publish(String topic, byte[] payload, boolean retained) {
        held.add(new Outgoing(topic, payload, retained));
        if (!handling) {
            release();
        }
    }

    /**
     * Sends what is held now, from the calling thread, without waiting for the handler that published it to
     * return: before something that ends the process, such as a reboot, which must not swallow a notice of it.
     */
    public synchronized void flush() {
        boolean wasHandling = handling;
        release();
        handling = wasHandling;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private synchronized void begin() {
        handling = true;
    }

    private synchronized void release() {
        handling = false;
        List<Outgoing> out = List.copyOf(held);
        held.clear();
        try {
            // also when nothing goes out: what the message moved is on the disk before the next one is handled
            journal.sync();
        } catch (UncheckedIOException e) {
            if (!out.isEmpty()) {
                LOG.log(System.Logger.Level.ERROR, out.size() + " messages not sent (to " + out.get(0).topic()
                        + (out.size() > 1 ? " and others" : "") + "): the journal cannot be written: "
                        + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            }
            return;
        }
        if (out.isEmpty()) {
            return;
        }
        out.forEach(o -> delegate.publish(o.topic(), o.payload(), o.retained()));
        journal.sent();
    }

    private record Outgoing(String topic, byte[] payload, boolean retained) {
    }
}

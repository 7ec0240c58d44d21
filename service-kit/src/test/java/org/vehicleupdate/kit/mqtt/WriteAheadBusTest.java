package org.vehicleupdate.kit.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.journal.SyncPoint;

/** Group commit: one sync per handled message, and nothing leaves before the records written ahead of it. */
class WriteAheadBusTest {
    /** What happened, in order: journal writes and syncs, messages going out. */
    private final List<String> events = new ArrayList<>();
    private final FakeJournal journal = new FakeJournal();
    private final FakeBus broker = new FakeBus();
    private final WriteAheadBus bus = new WriteAheadBus(broker, journal);

    @Test
    void everythingAHandlerPublishesGoesOutAfterOneSyncOfAllTheRecordsItWrote() {
        bus.subscribe("in", (topic, payload) -> {
            journal.write("identified");
            bus.publish("feedback", bytes("IDENTIFIED"), false);
            bus.publish("feedback", bytes("RUNNING"), false);
            journal.write("download");
            bus.publish("agent/command", bytes("DOWNLOAD"), false);
            assertThat(events).as("nothing out while the handler runs").doesNotContain("out feedback IDENTIFIED");
        });

        broker.deliver("in");

        assertThat(events).containsExactly("write identified", "write download", "sync 2", "out feedback IDENTIFIED",
                "out feedback RUNNING", "out agent/command DOWNLOAD", "sent");
    }

    @Test
    void aRecordThatSaysAMessageWentOutIsWrittenOnlyAfterItWent() {
        bus.subscribe("in", (topic, payload) -> {
            journal.write("finished");
            bus.publish("feedback", bytes("COMPLETED"), false);
            journal.afterSent("announced");
        });

        broker.deliver("in");

        assertThat(events).containsExactly("write finished", "sync 1", "out feedback COMPLETED", "sent",
                "write announced");
    }

    @Test
    void aMessagePublishedOutsideAHandlerIsSyncedAndSentAtOnce() {
        journal.write("moved");

        bus.publish("feedback", bytes("RUNNING"), false);

        assertThat(events).containsExactly("write moved", "sync 1", "out feedback RUNNING", "sent");
    }

    @Test
    void aMessageFromAnotherThreadWhileAHandlerRunsLeavesAfterTheHandlersEarlierOnes() throws InterruptedException {
        bus.subscribe("in", (topic, payload) -> {
            bus.publish("currentstate", bytes("first"), true);
            Thread timer = new Thread(() -> bus.publish("currentstate", bytes("second"), true));
            timer.start();
            try {
                timer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        broker.deliver("in");

        assertThat(events).containsExactly("sync 0", "out currentstate first", "out currentstate second", "sent");
    }

    @Test
    void flushSendsWhatAHandlerHoldsBeforeItReturnsAndTheRestFollowsWhenItDoes() {
        bus.subscribe("in", (topic, payload) -> {
            journal.write("awaiting reboot");
            bus.publish("feedback", bytes("RUNNING will reboot"), false);
            bus.flush();
            bus.publish("feedback", bytes("later"), false);
            assertThat(events).as("held again after the flush").doesNotContain("out feedback later");
        });

        broker.deliver("in");

        assertThat(events).containsExactly("write awaiting reboot", "sync 1", "out feedback RUNNING will reboot",
                "sent", "sync 0", "out feedback later", "sent");
    }

    @Test
    void aHandlerThatPublishesNothingStillHasItsRecordsSyncedBeforeTheNextMessage() {
        bus.subscribe("in", (topic, payload) -> journal.write("moved"));

        broker.deliver("in");

        assertThat(events).containsExactly("write moved", "sync 1");
    }

    @Test
    void whenTheJournalCannotBeSyncedNothingOfTheMessageIsAnnounced() {
        journal.failing = true;
        bus.subscribe("in", (topic, payload) -> {
            journal.write("moved");
            bus.publish("agent/command", bytes("UPDATE"), false);
        });

        broker.deliver("in");

        assertThat(events).containsExactly("write moved");
        assertThat(broker.published).isEmpty();
    }

    @Test
    void aHandlerThatThrowsStillHasWhatItPublishedSentAfterTheSync() {
        bus.subscribe("in", (topic, payload) -> {
            journal.write("moved");
            bus.publish("agent/command", bytes("UPDATE"), false);
            throw new IllegalStateException("a bug");
        });

        try {
            broker.deliver("in");
        } catch (IllegalStateException expected) {
            // the real bus logs it and goes on
        }

        assertThat(events).containsExactly("write moved", "sync 1", "out agent/command UPDATE", "sent");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private final class FakeJournal implements SyncPoint {
        private final List<String> afterSent = new ArrayList<>();
        private int unsynced;
        boolean failing;

        void write(String record) {
            events.add("write " + record);
            unsynced++;
        }

        void afterSent(String record) {
            afterSent.add(record);
        }

        @Override
        public void sync() {
            if (failing) {
                throw new UncheckedIOException("cannot write journal", new IOException("No space left on device"));
            }
            events.add("sync " + unsynced);
            unsynced = 0;
        }

        @Override
        public void sent() {
            events.add("sent");
            afterSent.forEach(this::write);
            afterSent.clear();
        }
    }

    private final class FakeBus implements MessageBus {
        private final Map<String, MessageHandler> handlers = new HashMap<>();
        final List<String> published = new ArrayList<>();

        void deliver(String topic) {
            handlers.get(topic).onMessage(topic, new byte[0]);
        }

        @Override
        public void subscribe(String topicFilter, MessageHandler handler) {
            handlers.put(topicFilter, handler);
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retained) {
            String text = topic + " " + new String(payload, StandardCharsets.UTF_8);
            published.add(text);
            events.add("out " + text);
        }

        @Override
        public void close() {
        }
    }
}

package org.vehicleupdate.cli.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ConnectionEventsTest {
    private final List<String> notices = new ArrayList<>();

    private static LogRecord record(String message) {
        return new LogRecord(Level.WARNING, message);
    }

    @Test
    void theLastFailedAttemptsReasonIsKeptForTheErrorLine() {
        try (ConnectionEvents events = new ConnectionEvents(notices::add)) {
            assertEquals(Optional.empty(), events.lastFailure());
            events.publish(record("cannot connect to tcp://h:1 (Unable to connect to server: Connection refused),"
                    + " retrying in 1000 ms"));
            events.publish(record("cannot connect to tcp://h:1 (Not authorized to connect), retrying in 2000 ms"));
            assertEquals(Optional.of("Not authorized to connect"), events.lastFailure());
            assertEquals(List.of(), notices);
        }
    }

    @Test
    void aLostAndARegainedConnectionAreEachOneNotice() {
        try (ConnectionEvents events = new ConnectionEvents(notices::add)) {
            events.publish(record("lost connection to tcp://h:1: Connection lost; reconnecting"));
            events.publish(record("reconnected to tcp://h:1 as vehicle-update-cli-1234abcd"));
            events.publish(record("connected to tcp://h:1 as vehicle-update-cli-1234abcd"));
            assertEquals(List.of("lost connection to tcp://h:1: Connection lost; reconnecting (feedback sent meanwhile"
                    + " is missed)", "reconnected to tcp://h:1"), notices);
        }
    }
}

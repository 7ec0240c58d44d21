package org.vehicleupdate.messages;

import java.util.Objects;

/**
 * Every message on every topic: {@code {"activityId": ..., "timestamp": epoch-millis, "payload": ...}}.
 *
 * @param activityId correlates all messages of one update; may be empty on unsolicited messages
 * @param timestamp  milliseconds since the epoch, set when the message is sent
 */
public record Envelope<T>(String activityId, long timestamp, T payload) {
    public Envelope {
        activityId = Values.text(activityId);
        Objects.requireNonNull(payload, "payload");
    }

    public static <T> Envelope<T> of(String activityId, long timestamp, T payload) {
        return new Envelope<>(activityId, timestamp, payload);
    }
}

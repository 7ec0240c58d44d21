package org.vehicleupdate.messages.validation;

import org.vehicleupdate.messages.Envelope;

/** A message read from the wire: either accepted and bound, or rejected with a reason a user can act on. */
public sealed interface ReadResult<T> {

    /** The message is valid; here it is. */
    record Accepted<T>(Envelope<T> envelope) implements ReadResult<T> {
    }

    /**
     * The message was refused.
     *
     * @param activityId the message's activityId where one could be read, otherwise empty
     * @param reason     names the JSON path and what is wrong, e.g.
     *                   {@code payload.domains[0].components[2].version: expected string, got number}
     */
    record Rejected<T>(String activityId, String reason) implements ReadResult<T> {
    }
}

package org.vehicleupdate.containers.spec;

/** A desired state the agent refuses; the message is sent as the IDENTIFICATION_FAILED feedback text. */
public final class InvalidDesiredStateException extends Exception {
    public InvalidDesiredStateException(String message) {
        super(message);
    }
}

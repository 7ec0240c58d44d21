package org.vehicleupdate.selfupdate.core;

/** RAUC refused a call or could not be reached; the message is RAUC's own text where it gave one. */
public final class RaucException extends Exception {
    public RaucException(String message) {
        super(message);
    }

    public RaucException(String message, Throwable cause) {
        super(message, cause);
    }
}

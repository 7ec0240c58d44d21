package org.vehicleupdate.selfupdate.core;

/** A download failed; the message says why in words a user can act on. */
public final class DownloadException extends Exception {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}

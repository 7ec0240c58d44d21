package org.vehicleupdate.example.core;

/** A step on the configuration files failed; the message says why in words a user can act on. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}

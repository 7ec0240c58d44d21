package org.vehicleupdate.messages;

import java.util.Objects;

/** The update-manager asks the vehicle's owner whether a phase may start. */
public record OwnerConsent(Command command) {
    public OwnerConsent {
        Objects.requireNonNull(command, "command");
    }
}

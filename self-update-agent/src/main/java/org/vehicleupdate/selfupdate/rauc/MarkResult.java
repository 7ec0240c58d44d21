package org.vehicleupdate.selfupdate.rauc;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/** {@code Mark}'s answer: the slot marked and RAUC's message. */
public final class MarkResult extends Tuple {
    @Position(0)
    public final String slot;
    @Position(1)
    public final String message;

    public MarkResult(String slot, String message) {
        this.slot = slot;
        this.message = message;
    }

    public String slot() {
        return slot;
    }

    public String message() {
        return message;
    }
}

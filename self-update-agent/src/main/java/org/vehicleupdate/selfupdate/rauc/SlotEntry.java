package org.vehicleupdate.selfupdate.rauc;

import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.Variant;

/** One element of {@code GetSlotStatus}'s {@code a(sa{sv})}. */
public final class SlotEntry extends Struct {
    @Position(0)
    public final String name;
    @Position(1)
    public final Map<String, Variant<?>> status;

    public SlotEntry(String name, Map<String, Variant<?>> status) {
        this.name = name;
        this.status = status;
    }

    public String name() {
        return name;
    }

    public Map<String, Variant<?>> status() {
        return status;
    }
}

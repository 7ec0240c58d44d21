package org.vehicleupdate.selfupdate.rauc;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/** {@code Info}'s answer: the bundle's compatible and version. */
public final class InfoResult extends Tuple {
    @Position(0)
    public final String compatible;
    @Position(1)
    public final String version;

    public InfoResult(String compatible, String version) {
        this.compatible = compatible;
        this.version = version;
    }

    public String compatible() {
        return compatible;
    }

    public String version() {
        return version;
    }
}

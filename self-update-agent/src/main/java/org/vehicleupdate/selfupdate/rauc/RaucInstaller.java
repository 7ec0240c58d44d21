package org.vehicleupdate.selfupdate.rauc;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/** RAUC's D-Bus interface {@code de.pengutronix.rauc.Installer} on object {@code /} (the calls we use). */
@DBusInterfaceName(RaucInstaller.INTERFACE)
@SuppressWarnings("checkstyle:MethodName") // D-Bus member names
public interface RaucInstaller extends DBusInterface {
    String BUS_NAME = "de.pengutronix.rauc";
    String INTERFACE = "de.pengutronix.rauc.Installer";
    String OBJECT_PATH = "/";

    void InstallBundle(String source, Map<String, Variant<?>> args);

    InfoResult Info(String bundle);

    MarkResult Mark(String state, String slotIdentifier);

    List<SlotEntry> GetSlotStatus();

    String GetPrimary();

    /** Emitted when an install ends: 0 success, 1 failure. */
    class Completed extends DBusSignal {
        private final int result;

        public Completed(String path, int result) throws DBusException {
            super(path, result);
            this.result = result;
        }

        public int result() {
            return result;
        }
    }
}

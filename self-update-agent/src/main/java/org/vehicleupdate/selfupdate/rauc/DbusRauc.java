package org.vehicleupdate.selfupdate.rauc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;
import org.vehicleupdate.selfupdate.core.InstallOutcome;
import org.vehicleupdate.selfupdate.core.Rauc;
import org.vehicleupdate.selfupdate.core.RaucException;
import org.vehicleupdate.selfupdate.core.SlotStatus;
import org.vehicleupdate.selfupdate.core.SystemStatus;

/**
 * RAUC over D-Bus with dbus-java. An install is followed through RAUC's {@code PropertiesChanged} signals
 * (progress) and its {@code Completed} signal (the result); progress is only taken once {@code Operation} has
 * turned to {@code installing}, because {@code Info} leaves a stale 100 % in {@code Progress}.
 */
public final class DbusRauc implements Rauc, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DbusRauc.class.getName());

    private final DBusConnection connection;
    private final RaucInstaller installer;
    private final Properties properties;
    private final Duration installTimeout;

    private DbusRauc(DBusConnection connection, Duration installTimeout) throws DBusException {
        this.connection = connection;
        this.installer = connection.getRemoteObject(RaucInstaller.BUS_NAME, RaucInstaller.OBJECT_PATH,
                RaucInstaller.class);
        this.properties = connection.getRemoteObject(RaucInstaller.BUS_NAME, RaucInstaller.OBJECT_PATH,
                Properties.class);
        this.installTimeout = installTimeout;
    }

    /**
     * Connects to the bus RAUC is on.
     *
     * @param address a D-Bus address such as {@code unix:path=/run/dbus/system_bus_socket}; empty for the system
     *                bus (which honours {@code DBUS_SYSTEM_BUS_ADDRESS})
     */
    public static DbusRauc connect(Optional<String> address, Duration installTimeout) throws RaucException {
        try {
            DBusConnection connection = address.isPresent()
                    ? DBusConnectionBuilder.forAddress(address.get()).build()
                    : DBusConnectionBuilder.forSystemBus().build();
            return new DbusRauc(connection, installTimeout);
        } catch (DBusException | DBusExecutionException e) {
            throw new RaucException("cannot connect to D-Bus " + address.orElse("(system bus)") + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SystemStatus status() throws RaucException {
        try {
            List<SlotStatus> slots = new ArrayList<>();
            for (SlotEntry entry : installer.GetSlotStatus()) {
                Map<String, Variant<?>> s = entry.status;
                slots.add(new SlotStatus(entry.name, text(s, "class"), text(s, "bootname"), text(s, "state"),
                        text(s, "boot-status"), text(s, "bundle.version"), text(s, "status"),
                        number(s, "installed.count")));
            }
            String primary;
            try {
                primary = installer.GetPrimary();
            } catch (DBusExecutionException e) {
                // bootloaders such as noop cannot tell; the slots are still worth reporting
                primary = "";
            }
            return new SystemStatus(slots, primary);
        } catch (DBusExecutionException e) {
            throw new RaucException(message(e), e);
        }
    }

    @Override
    public String bundleVersion(Path bundle) throws RaucException {
        try {
            return installer.Info(bundle.toAbsolutePath().toString()).version;
        } catch (DBusExecutionException e) {
            throw new RaucException(message(e), e);
        }
    }

    @Override
    public InstallOutcome install(Path bundle, InstallProgress progress) throws RaucException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        boolean[] installing = {false};
        try (AutoCloseable completed = connection.addSigHandler(RaucInstaller.Completed.class,
                signal -> events.add(signal.result()));
             AutoCloseable changed = connection.addSigHandler(Properties.PropertiesChanged.class, signal -> {
                 if (RaucInstaller.INTERFACE.equals(signal.getInterfaceName())) {
                     events.add(signal.getPropertiesChanged());
                 }
             })) {
            installer.InstallBundle(bundle.toAbsolutePath().toString(), Map.of());
            long deadline = System.nanoTime() + installTimeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Object event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (event == null) {
                    throw new RaucException("RAUC did not complete the install within " + installTimeout.toSeconds()
                            + " s");
                }
                if (event instanceof Integer result) {
                    String lastError = result == 0 ? "" : property("LastError");
                    return new InstallOutcome(result == 0, lastError);
                }
                @SuppressWarnings("unchecked")
                Map<String, Variant<?>> change = (Map<String, Variant<?>>) event;
                Variant<?> operation = change.get("Operation");
                if (operation != null) {
                    installing[0] = "installing".equals(String.valueOf(operation.getValue()));
                }
                Variant<?> step = change.get("Progress");
                if (installing[0] && step != null) {
                    Object[] values = fields(step.getValue());
                    if (values.length >= 2 && values[0] instanceof Number percent) {
                        progress.progress(percent.intValue(), String.valueOf(values[1]));
                    }
                }
            }
        } catch (DBusExecutionException | DBusException e) {
            throw new RaucException(message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaucException("interrupted while RAUC installs", e);
        } catch (RaucException e) {
            throw e;
        } catch (Exception e) {
            // only the closing of the signal handlers gets here
            throw new RaucException("cannot remove the D-Bus signal handlers: " + e.getMessage(), e);
        }
    }

    @Override
    public void markActive(String slot) throws RaucException {
        mark("active", slot);
    }

    @Override
    public void markGood(String slot) throws RaucException {
        mark("good", slot);
    }

    @Override
    public boolean installing() throws RaucException {
        return "installing".equals(property("Operation"));
    }

    @Override
    public void awaitIdle(Duration timeout) throws RaucException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (installing()) {
            if (System.nanoTime() > deadline) {
                throw new RaucException("RAUC is still installing after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RaucException("interrupted while waiting for RAUC", e);
            }
        }
    }

    /** False once the bus went away (RAUC's bus restarted): the connection is of no use any more. */
    public boolean isConnected() {
        return connection.isConnected();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "closing the D-Bus connection: " + e.getMessage());
        }
    }

    private void mark(String state, String slot) throws RaucException {
        try {
            MarkResult result = installer.Mark(state, slot);
            LOG.log(System.Logger.Level.INFO, "RAUC: " + result.message);
        } catch (DBusExecutionException e) {
            throw new RaucException(message(e), e);
        }
    }

    private String property(String name) throws RaucException {
        try {
            Object value = properties.Get(RaucInstaller.INTERFACE, name);
            return value == null ? "" : String.valueOf(value);
        } catch (DBusExecutionException e) {
            throw new RaucException(message(e), e);
        }
    }

    private static Object[] fields(Object value) {
        if (value instanceof Object[] array) {
            return array;
        }
        if (value instanceof Struct struct) {
            return struct.getParameters();
        }
        return new Object[0];
    }

    private static String text(Map<String, Variant<?>> status, String key) {
        Variant<?> value = status.get(key);
        return value == null ? "" : String.valueOf(value.getValue());
    }

    private static long number(Map<String, Variant<?>> status, String key) {
        Variant<?> value = status.get(key);
        if (value == null) {
            return 0;
        }
        Object raw = value.getValue();
        if (raw instanceof UInt32 u) {
            return u.longValue();
        }
        if (raw instanceof UInt64 u) {
            return u.longValue();
        }
        if (raw instanceof Number n) {
            return n.longValue();
        }
        return 0;
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

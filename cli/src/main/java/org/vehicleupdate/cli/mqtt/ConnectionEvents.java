package org.vehicleupdate.cli.mqtt;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;

/**
 * What the message bus only logs, made visible to the operator: why the last connection attempt failed
 * ("Connection refused", "Not authorized", a TLS error), and that an established connection was lost and came
 * back. The bus retries on its own; an operator whose command gives up needs the reason in the one line they
 * see, and one following an update must know that feedback sent while the connection was down is missed
 * (the CLI's session is clean, nothing is kept for it).
 */
final class ConnectionEvents extends Handler implements AutoCloseable {
    private static final String CANNOT_CONNECT = "cannot connect to ";
    private static final String LOST = "lost connection to ";
    private static final String RECONNECTED = "reconnected to ";

    private final Logger logger = Logger.getLogger(PahoMessageBus.class.getName());
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final Consumer<String> notices;
    private final Level previousLevel;

    /** @param notices receives one line per lost or regained connection, on the MQTT client's thread */
    ConnectionEvents(Consumer<String> notices) {
        this.notices = notices;
        previousLevel = logger.getLevel();
        // the CLI's quiet root level would drop these before any handler saw them; the console handler still
        // filters them by its own level
        if (!logger.isLoggable(Level.INFO)) {
            logger.setLevel(Level.INFO);
        }
        logger.addHandler(this);
    }

    /** The reason of the last failed attempt, for example {@code Unable to connect to server: Connection refused}. */
    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return;
        }
        if (message.startsWith(CANNOT_CONNECT)) {
            int open = message.indexOf(" (");
            int close = message.lastIndexOf("), retrying");
            lastFailure.set(open > 0 && close > open ? message.substring(open + 2, close) : message);
        } else if (message.startsWith(LOST)) {
            notices.accept(message.replace("; reconnecting", "")
                    + "; reconnecting (feedback sent meanwhile is missed)");
        } else if (message.startsWith(RECONNECTED)) {
            int as = message.indexOf(" as ");
            notices.accept(as > 0 ? message.substring(0, as) : message);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}

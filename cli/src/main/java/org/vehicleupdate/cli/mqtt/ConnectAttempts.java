package org.vehicleupdate.cli.mqtt;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;

/**
 * Remembers why the last connection attempt failed. The message bus retries quietly and only logs the
 * reason; an operator whose command gives up needs that reason ("Connection refused", "Not authorized",
 * a TLS error) in the one line they see, without turning the log on.
 */
final class ConnectAttempts extends Handler implements AutoCloseable {
    private static final String PREFIX = "cannot connect to ";

    private final Logger logger = Logger.getLogger(PahoMessageBus.class.getName());
    private final AtomicReference<String> last = new AtomicReference<>();
    private final Level previousLevel;

    ConnectAttempts() {
        previousLevel = logger.getLevel();
        // the CLI's quiet root level would drop the warning before any handler saw it; the console handler
        // still filters it by its own level
        if (!logger.isLoggable(Level.WARNING)) {
            logger.setLevel(Level.WARNING);
        }
        logger.addHandler(this);
    }

    /** The reason of the last failed attempt, for example {@code Unable to connect to server: Connection refused}. */
    Optional<String> lastFailure() {
        return Optional.ofNullable(last.get());
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.startsWith(PREFIX)) {
            return;
        }
        int open = message.indexOf(" (");
        int close = message.lastIndexOf("), retrying");
        last.set(open > 0 && close > open ? message.substring(open + 2, close) : message);
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

package org.vehicleupdate.cli.command;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CLI talks to its user on stdout and stderr itself; the MQTT plumbing's log (connection retries and
 * the like) would only clutter that, so it shows errors only unless {@code --verbose} asks for more.
 */
final class Logging {
    private Logging() {
    }

    static void quiet() {
        level(Level.SEVERE);
    }

    static void verbose() {
        level(Level.INFO);
    }

    private static void level(Level level) {
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }
}

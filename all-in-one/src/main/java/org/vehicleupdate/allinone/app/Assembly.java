package org.vehicleupdate.allinone.app;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.journal.JournalRefusal;

/**
 * The services of one process, started one after the other and stopped in the reverse order. Nothing is shared
 * between them but the process: each has its own broker connection, journal, threads and configuration. One that
 * does not start stops the whole process (after the ones already started were closed), so that systemd starts it
 * again and each journal resumes its update.
 */
public final class Assembly implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Assembly.class.getName());

    private final Deque<Running> running = new ArrayDeque<>();

    private record Running(String name, Runnable close) {
    }

    private Assembly() {
    }

    /**
     * Starts the services in the order given: the agents before the update-manager, so that on a fresh broker their
     * subscriptions exist before the manager sends them anything.
     *
     * @throws StartFailure naming the service that did not start and why; the others are closed again
     */
    public static Assembly start(List<HostedService> services) throws StartFailure {
        requireOwnClientIds(services);
        Assembly assembly = new Assembly();
        for (HostedService service : services) {
            try {
                assembly.running.push(new Running(service.name(), service.start().get()));
            } catch (JournalFormatException e) {
                assembly.close();
                throw new StartFailure(JournalRefusal.line(service.name(), e), JournalRefusal.EXIT_CODE);
            } catch (RuntimeException e) {
                // whatever stops one service stops the process: closed in order, said in one line, exit non-zero
                assembly.close();
                throw new StartFailure(service.name() + " does not start: " + e.getMessage(), 1);
            }
        }
        return assembly;
    }

    /** Two clients with one id would throw each other off the broker, over and over. */
    static void requireOwnClientIds(List<HostedService> services) throws StartFailure {
        Map<String, String> owners = new HashMap<>();
        for (HostedService service : services) {
            String other = owners.putIfAbsent(service.broker().clientId(), service.name());
            if (other != null) {
                throw new StartFailure(other + " and " + service.name() + " would connect with the same MQTT client"
                        + " id '" + service.broker().clientId() + "'; give each its own (mqtt.client-id in its"
                        + " configuration file, or " + service.name() + ".mqtt.client-id)", 1);
            }
        }
    }

    /** Closes each service (its broker connection drains what it published, its journal is closed). */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            Running service = running.pop();
            try {
                service.close().run();
                LOG.log(System.Logger.Level.INFO, service.name() + " stopped");
            } catch (RuntimeException e) {
                // the next services are still closed: their journals and sessions matter as much
                LOG.log(System.Logger.Level.ERROR, service.name() + " did not stop cleanly: " + e);
            }
        }
    }
}

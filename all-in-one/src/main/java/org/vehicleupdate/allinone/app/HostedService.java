package org.vehicleupdate.allinone.app;

import java.util.function.Supplier;
import org.vehicleupdate.kit.mqtt.BrokerSettings;

/**
 * A service of the shared process, configured and ready to start: its name, the broker connection it will open
 * (its own, with its own client id), and its start, which returns how to stop it.
 *
 * @param start starts the service as its own module does, and returns its {@code close()}; throws what the
 *              module's start throws (a journal it does not understand, a data directory it cannot write)
 */
public record HostedService(String name, BrokerSettings broker, Supplier<Runnable> start) {
}

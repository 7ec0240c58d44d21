package org.vehicleupdate.updatemanager.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One domain agent the update-manager drives.
 *
 * @param name           the domain, e.g. {@code containers}; its topics follow the topic rule
 * @param rebootRequired the vehicle must reboot after this domain activated a change
 * @param readTimeout    how long to wait for the agent's current state before using the last one known
 */
public record AgentSettings(String name, boolean rebootRequired, Duration readTimeout) {
    public AgentSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }
}

package org.vehicleupdate.selfupdate.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the core needs from the configuration.
 *
 * @param dataDirectory    where bundles are downloaded to
 * @param allowedSchemes   URL schemes a bundle may come from ({@code https}; {@code http} only when allowed)
 * @param progressInterval at most one DOWNLOADING/UPDATING progress feedback per interval
 * @param agentVersion     the version reported for the agent's own inventory node
 * @param installTimeout   how long an install or the wait for a running one may take
 */
public record AgentSettings(Path dataDirectory, Set<String> allowedSchemes, Duration progressInterval,
        String agentVersion, Duration installTimeout) {
    public AgentSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        allowedSchemes = Set.copyOf(allowedSchemes);
        Objects.requireNonNull(progressInterval, "progressInterval");
        agentVersion = agentVersion == null ? "" : agentVersion;
        Objects.requireNonNull(installTimeout, "installTimeout");
    }
}

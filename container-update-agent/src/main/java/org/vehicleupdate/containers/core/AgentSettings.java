package org.vehicleupdate.containers.core;

import java.time.Duration;
import java.util.List;

/**
 * @param stopTimeout    how long a container gets after SIGTERM before SIGKILL
 * @param healthTimeout  how long ACTIVATE waits for a container with a health check to become healthy
 * @param startupCheck   how long a container without a health check must stay up (or exit with 0) after start
 * @param pollInterval   how often ACTIVATE looks at the started containers
 * @param parallelOperations how many pulls, creates or starts DOWNLOAD and ACTIVATE run at a time (at least 1)
 */
public record AgentSettings(String domain, String agentVersion, List<String> systemContainers, Duration stopTimeout,
        Duration healthTimeout, Duration startupCheck, Duration pollInterval, int parallelOperations) {
    public static final int DEFAULT_PARALLEL_OPERATIONS = 4;

    public AgentSettings {
        systemContainers = List.copyOf(systemContainers);
        if (parallelOperations < 1) {
            throw new IllegalArgumentException("parallel operations must be at least 1, not " + parallelOperations);
        }
    }

    public static AgentSettings defaults() {
        return new AgentSettings("containers", "0.1.0", List.of(), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(2), Duration.ofMillis(200), DEFAULT_PARALLEL_OPERATIONS);
    }
}

package org.vehicleupdate.containers.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.vehicleupdate.containers.core.AgentSettings;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.time.GoDuration;

/**
 * The agent's configuration, read from properties; environment variables override ({@code CONTAINERS_STOP_TIMEOUT}
 * for {@code containers.stop-timeout}):
 *
 * <pre>
 * mqtt.*                          the broker (service-kit's BrokerProperties), client id container-update-agent
 * containers.domain               containers
 * containers.docker-host          $DOCKER_HOST, else unix:///var/run/docker.sock
 * containers.api-version          1.41
 * containers.registry-auth-file   (none) registry credentials per host, in Docker's config.json format
 * containers.system-containers    (none) comma separated names the agent never touches
 * containers.stop-timeout         30s    SIGTERM to SIGKILL
 * containers.health-timeout       60s    ACTIVATE waits this long for a health check to say healthy
 * containers.startup-check        2s     a container without health check must stay up (or exit 0) this long
 * containers.parallel-operations  4      pulls, creates and starts run this many at a time
 * containers.journal              /var/lib/vehicle-update/container-update-agent/container-update-agent.journal
 * containers.agent-version        0.1.0  reported in the current state
 * </pre>
 */
public record AgentConfig(BrokerSettings broker, AgentSettings settings, String dockerHost, String apiVersion,
        Optional<Path> registryAuthFile, Path journal) {
    /** The journal of the operation and of the specs applied in place (service-kit's journal of records). */
    public static final String DEFAULT_JOURNAL =
            "/var/lib/vehicle-update/container-update-agent/container-update-agent.journal";

    public static AgentConfig read(Function<String, Optional<String>> lookup, Function<String, String> environment) {
        Function<String, Optional<String>> value = key -> lookup.apply(key).map(String::strip)
                .filter(s -> !s.isEmpty());
        List<String> system = Arrays.stream(value.apply("containers.system-containers").orElse("").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        AgentSettings settings = new AgentSettings(
                value.apply("containers.domain").orElse("containers"),
                value.apply("containers.agent-version").orElse("0.1.0"),
                system,
                duration(value, "containers.stop-timeout", "30s"),
                duration(value, "containers.health-timeout", "60s"),
                duration(value, "containers.startup-check", "2s"),
                Duration.ofMillis(200),
                positive(value, "containers.parallel-operations", AgentSettings.DEFAULT_PARALLEL_OPERATIONS));
        String dockerHost = value.apply("containers.docker-host")
                .or(() -> Optional.ofNullable(environment.apply("DOCKER_HOST")).filter(s -> !s.isBlank()))
                .orElse("unix:///var/run/docker.sock");
        return new AgentConfig(
                BrokerProperties.read(lookup, "container-update-agent"),
                settings,
                dockerHost,
                value.apply("containers.api-version").orElse("1.41"),
                value.apply("containers.registry-auth-file").map(Path::of),
                Path.of(value.apply("containers.journal")
                        .orElse(DEFAULT_JOURNAL)));
    }

    private static int positive(Function<String, Optional<String>> value, String key, int fallback) {
        Optional<String> text = value.apply(key);
        try {
            int number = text.map(Integer::parseInt).orElse(fallback);
            if (number < 1) {
                throw new IllegalArgumentException(key + ": must be at least 1, is " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, is '" + text.orElse("") + "'", e);
        }
    }

    private static Duration duration(Function<String, Optional<String>> value, String key, String fallback) {
        try {
            return GoDuration.parse(value.apply(key).orElse(fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}

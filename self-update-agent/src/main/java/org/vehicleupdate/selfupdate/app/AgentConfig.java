package org.vehicleupdate.selfupdate.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.selfupdate.system.FileBootIdentity;

/**
 * The agent's configuration, read from properties (environment variables override: {@code SELFUPDATE_DATA_DIR}
 * for {@code selfupdate.data-dir}):
 *
 * <pre>
 * mqtt.*                               the broker (service-kit's BrokerProperties), client id self-update-agent
 * selfupdate.data-dir                  /data/selfupdates   bundles and the journal
 * selfupdate.dbus-address              (system bus, which honours DBUS_SYSTEM_BUS_ADDRESS)
 * selfupdate.download.ca-file          (the JDK's trust store) CA certificates (PEM) for HTTPS
 * selfupdate.download.allowed-schemes  https               comma separated; add http to allow plain HTTP
 * selfupdate.download.stall-timeout    60s                 no data for this long: the download resumes
 * selfupdate.download.attempts         5                   attempts (each resuming) before DOWNLOAD_FAILURE
 * selfupdate.progress-interval         1s                  at most one progress feedback per interval
 * selfupdate.install-timeout           15m                 longest install RAUC may take
 * selfupdate.boot-id-file              /proc/sys/kernel/random/boot_id
 * selfupdate.agent-version             the module's version, reported in the current state
 * </pre>
 */
public record AgentConfig(BrokerSettings broker, Path dataDirectory, Optional<String> dbusAddress,
        Optional<Path> caFile, Set<String> allowedSchemes, Duration stallTimeout, int downloadAttempts,
        Duration progressInterval, Duration installTimeout, Path bootIdFile, String agentVersion) {

    public static AgentConfig read(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> value = key -> lookup.apply(key).map(String::strip)
                .filter(s -> !s.isEmpty());
        Set<String> schemes = Arrays.stream(value.apply("selfupdate.download.allowed-schemes").orElse("https")
                .split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String scheme : schemes) {
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("selfupdate.download.allowed-schemes: '" + scheme
                        + "' is not supported (http, https)");
            }
        }
        String attempts = value.apply("selfupdate.download.attempts").orElse("5");
        int downloadAttempts;
        try {
            downloadAttempts = Integer.parseInt(attempts);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("selfupdate.download.attempts: '" + attempts + "' is not a number", e);
        }
        return new AgentConfig(
                BrokerProperties.read(lookup, "self-update-agent"),
                Path.of(value.apply("selfupdate.data-dir").orElse("/data/selfupdates")),
                value.apply("selfupdate.dbus-address"),
                value.apply("selfupdate.download.ca-file").map(Path::of),
                schemes,
                duration(value, "selfupdate.download.stall-timeout", "60s"),
                Math.max(1, downloadAttempts),
                duration(value, "selfupdate.progress-interval", "1s"),
                duration(value, "selfupdate.install-timeout", "15m"),
                Path.of(value.apply("selfupdate.boot-id-file").orElse(FileBootIdentity.KERNEL_BOOT_ID.toString())),
                value.apply("selfupdate.agent-version").orElse("0.1.0"));
    }

    private static Duration duration(Function<String, Optional<String>> value, String key, String fallback) {
        try {
            return GoDuration.parse(value.apply(key).orElse(fallback));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}

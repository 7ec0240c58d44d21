package org.vehicleupdate.kit.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.vehicleupdate.kit.time.GoDuration;

/**
 * Reads the broker connection from configuration properties, the same keys for every service, so that one
 * set of environment variables ({@code MQTT_URL}, {@code MQTT_CA_FILE}, ...) configures them all:
 *
 * <pre>
 * mqtt.url                 tcp://127.0.0.1:1883 (ssl://, mqtts://, tls:// need mqtt.ca-file)
 * mqtt.client-id           the service's name
 * mqtt.username, mqtt.password
 * mqtt.ca-file, mqtt.cert-file, mqtt.key-file   PEM; the key in PKCS#8
 * mqtt.clean-session       false
 * mqtt.keep-alive          20s
 * mqtt.connect-timeout     10s (a broker that accepted the connection but does not answer: try again)
 * mqtt.acknowledge-timeout 15s (how long close() waits for the broker to acknowledge what was published)
 * </pre>
 */
public final class BrokerProperties {
    private BrokerProperties() {
    }

    /**
     * @param lookup a property by its key, for example from SmallRye Config
     * @throws IllegalArgumentException naming the key whose value is wrong
     */
    public static BrokerSettings read(Function<String, Optional<String>> lookup, String defaultClientId) {
        return new BrokerSettings(
                lookup.apply("mqtt.url").orElse("tcp://127.0.0.1:1883"),
                lookup.apply("mqtt.client-id").orElse(defaultClientId),
                lookup.apply("mqtt.username").filter(s -> !s.isEmpty()),
                lookup.apply("mqtt.password").filter(s -> !s.isEmpty()),
                path(lookup, "mqtt.ca-file"),
                path(lookup, "mqtt.cert-file"),
                path(lookup, "mqtt.key-file"),
                Boolean.parseBoolean(lookup.apply("mqtt.clean-session").orElse("false")),
                duration(lookup, "mqtt.keep-alive", "20s"),
                duration(lookup, "mqtt.connect-timeout", "10s"),
                duration(lookup, "mqtt.acknowledge-timeout", "15s"));
    }

    private static Optional<Path> path(Function<String, Optional<String>> lookup, String key) {
        return lookup.apply(key).filter(s -> !s.isEmpty()).map(Path::of);
    }

    private static Duration duration(Function<String, Optional<String>> lookup, String key, String fallback) {
        String text = lookup.apply(key).orElse(fallback);
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}

package org.vehicleupdate.kit.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a service reaches the broker.
 *
 * @param url          {@code tcp://host:port}, or {@code ssl://host:port} with {@code caFile}
 * @param clientId     fixed per service, so that the broker keeps its session across restarts
 * @param cleanSession false keeps subscriptions and queued QoS 1 messages while the service is down
 * @param certFile     with {@code keyFile}: the client certificate chain for mutual TLS (PEM)
 * @param keyFile      the client's private key, PEM in PKCS#8 ({@code BEGIN PRIVATE KEY})
 */
public record BrokerSettings(String url, String clientId, Optional<String> username, Optional<String> password,
        Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile, boolean cleanSession,
        Duration keepAlive, Duration connectTimeout, Duration acknowledgeTimeout) {

    public BrokerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(clientId, "clientId");
        if (isSecure(url) && caFile.isEmpty()) {
            throw new IllegalArgumentException(
                    "connection to " + url + " is secure, but no CA file is configured (caCert)");
        }
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key and the other way round");
        }
    }

    /** A plain connection with the defaults Kanto uses. */
    public static BrokerSettings plain(String url, String clientId) {
        return new BrokerSettings(url, clientId, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(15));
    }

    public boolean secure() {
        return isSecure(url);
    }

    private static boolean isSecure(String url) {
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
        return switch (scheme) {
            case "ssl", "tls", "mqtts", "mqtt+ssl", "tcps" -> true;
            default -> false;
        };
    }

    /** Paho knows only {@code ssl://}; Kanto's other names for TLS mean the same. */
    String pahoUrl() {
        return secure() ? "ssl://" + url.substring(url.indexOf("://") + 3) : url;
    }
}

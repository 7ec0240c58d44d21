package org.vehicleupdate.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.mqtt.BrokerUnreachable;
import org.vehicleupdate.cli.mqtt.CliBroker;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.validation.MessageReader;
import picocli.CommandLine.Option;

/** The options every command has for reaching the broker, and the domain whose topics it uses. */
final class BrokerOptions {
    @Option(names = "--broker", paramLabel = "URL",
            description = "broker URL, tcp:// or ssl:// (env MQTT_URL, default tcp://127.0.0.1:1883)")
    String url;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "CA certificate for ssl:// (env MQTT_CA_FILE)")
    String caFile;

    @Option(names = "--cert-file", paramLabel = "PEM",
            description = "client certificate for mutual TLS (env MQTT_CERT_FILE)")
    String certFile;

    @Option(names = "--key-file", paramLabel = "PEM",
            description = "client private key, PKCS#8 (env MQTT_KEY_FILE)")
    String keyFile;

    @Option(names = "--username", paramLabel = "NAME", description = "broker user name (env MQTT_USERNAME)")
    String username;

    @Option(names = "--password", paramLabel = "SECRET",
            description = "broker password (env MQTT_PASSWORD, which other users cannot see in the process list)")
    String password;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = GoDurationConverter.class,
            description = "give up when the broker does not answer within this (default ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(names = "--domain", paramLabel = "NAME", defaultValue = "vehicle",
            description = "the update-manager's domain; its topics are <domain>update/... (default ${DEFAULT-VALUE})")
    String domain;

    @Option(names = "--verbose", description = "log the MQTT connection's events to stderr")
    void verbose(boolean on) {
        if (on) {
            Logging.verbose();
        }
    }

    DomainTopics topics() {
        return DomainTopics.of(domain);
    }

    /** A connection to register subscriptions on; nothing is sent until it connects. */
    CliBroker prepare(CliEnvironment environment, MessageReader reader, PrintWriter err) {
        Map<String, String> options = new HashMap<>();
        put(options, "mqtt.url", url);
        put(options, "mqtt.ca-file", caFile);
        put(options, "mqtt.cert-file", certFile);
        put(options, "mqtt.key-file", keyFile);
        put(options, "mqtt.username", username);
        put(options, "mqtt.password", password);
        try {
            BrokerSettings settings = CliBroker.settings(options, environment.environment(), connectTimeout);
            return CliBroker.prepare(settings, reader, environment.clock(), notice -> {
                err.println("vehicle-update: " + notice);
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            String hint = e.getMessage().contains("no CA file") ? "; pass --ca-file or set MQTT_CA_FILE" : "";
            throw new CliFailure(ExitCode.INVALID_INPUT, "broker settings: " + e.getMessage() + hint);
        }
    }

    /** Connects within --connect-timeout, or ends the command with exit code 4 and the reason. */
    void connect(CliBroker cli) throws InterruptedException {
        try {
            cli.connect(connectTimeout);
        } catch (BrokerUnreachable e) {
            throw new CliFailure(ExitCode.BROKER_UNREACHABLE, e.getMessage());
        }
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}

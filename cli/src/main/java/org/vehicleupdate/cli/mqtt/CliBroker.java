package org.vehicleupdate.cli.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.validation.MessageReader;

/**
 * The CLI's connection to the broker. The settings are the services' ({@code mqtt.*} keys, environment
 * variables {@code MQTT_URL}, {@code MQTT_CA_FILE}, ...), overridden by command-line options, except that
 * the CLI always connects with a clean session and a client id of its own, so that two operators (or a
 * command and a watch) never take each other's session and nothing queues up for a CLI that has gone.
 */
public final class CliBroker implements AutoCloseable {
    private final PahoMessageBus bus;
    private final WireBus wire;
    private final BrokerSettings settings;
    private final ConnectionEvents events;

    private CliBroker(BrokerSettings settings, MessageReader reader, Clock clock, Consumer<String> notices) {
        this.settings = settings;
        this.bus = PahoMessageBus.create(settings);
        this.wire = new WireBus(bus, reader, clock);
        this.events = new ConnectionEvents(notices);
    }

    /**
     * Settings from the options, then the environment, then the defaults.
     *
     * @param options     {@code mqtt.*} keys set on the command line
     * @param environment environment variables by name
     * @throws IllegalArgumentException naming what is wrong in the settings
     */
    public static BrokerSettings settings(Map<String, String> options, Function<String, Optional<String>> environment,
            Duration connectTimeout) {
        String clientId = "vehicle-update-cli-" + UUID.randomUUID().toString().substring(0, 8);
        Function<String, Optional<String>> lookup = key -> switch (key) {
            case "mqtt.client-id" -> Optional.of(clientId);
            case "mqtt.clean-session" -> Optional.of("true");
            case "mqtt.connect-timeout" -> Optional.of(GoDuration.format(connectTimeout));
            default -> Optional.ofNullable(options.get(key)).or(() -> environment.apply(envName(key)));
        };
        return BrokerProperties.read(lookup, clientId);
    }

    /** As SmallRye Config names it: {@code mqtt.ca-file} → {@code MQTT_CA_FILE}. */
    static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /**
     * A connection that is not up yet: register the subscriptions on {@link #wire()}, then {@link #connect}.
     *
     * @param notices one line each time the connection is lost or comes back
     */
    public static CliBroker prepare(BrokerSettings settings, MessageReader reader, Clock clock,
            Consumer<String> notices) {
        return new CliBroker(settings, reader, clock, notices);
    }

    public WireBus wire() {
        return wire;
    }

    /** Connects and waits until the subscriptions registered so far are acknowledged. */
    public void connect(Duration timeout) throws BrokerUnreachable, InterruptedException {
        bus.start();
        if (!bus.awaitConnected(timeout)) {
            throw new BrokerUnreachable("cannot reach broker " + settings.url() + " (no connection within "
                    + GoDuration.format(timeout) + events.lastFailure().map(r -> ": " + r).orElse("") + ")");
        }
    }

    /** Handles the messages on a topic as they come, for what is not a plain envelope (things mode). */
    public void onRaw(String topicFilter, org.vehicleupdate.kit.mqtt.MessageHandler handler) {
        bus.subscribe(topicFilter, handler);
    }

    /** Publishes bytes as they are, for a message that was validated as written. */
    public void publishRaw(String topic, byte[] message) {
        bus.publish(topic, message, false);
    }

    public String url() {
        return settings.url();
    }

    @Override
    public void close() {
        bus.close();
        events.close();
    }
}

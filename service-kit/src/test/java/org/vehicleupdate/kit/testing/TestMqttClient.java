package org.vehicleupdate.kit.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.vehicleupdate.kit.mqtt.NoDelaySocketFactory;

/**
 * The test's side of the broker, as {@code mosquitto_pub}/{@code mosquitto_sub} would be: publishes text and
 * records every message received on its subscriptions, for Awaitility to wait on.
 */
public final class TestMqttClient implements AutoCloseable {
    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestMqttClient(String brokerUrl) {
        try {
            client = new MqttAsyncClient(brokerUrl, "test-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            // Nagle would hold each small PUBLISH for the delayed ACK of the one before
            options.setSocketFactory(new NoDelaySocketFactory());
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("test client cannot connect to " + brokerUrl, e);
        }
    }

    public TestMqttClient subscribe(String... topicFilters) {
        try {
            for (String filter : topicFilters) {
                client.subscribe(filter, 1, (topic, message) ->
                        received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                                message.isRetained()))).waitForCompletion(10_000);
            }
            return this;
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String topic, String payload) {
        publish(topic, payload, false);
    }

    /** Publishes at QoS 1 and returns when the broker has it, as mosquitto_pub does. */
    public void publish(String topic, String payload, boolean retained) {
        try {
            send(topic, payload, retained).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a burst at QoS 1 without waiting for each acknowledgement; returns when all are acknowledged. */
    public void publishAll(String topic, List<String> payloads) {
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (String payload : payloads) {
            tokens.add(send(topic, payload, false));
        }
        try {
            for (IMqttDeliveryToken token : tokens) {
                token.waitForCompletion(30_000);
            }
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    private IMqttDeliveryToken send(String topic, String payload, boolean retained) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(retained);
        while (true) {
            try {
                return client.publish(topic, message);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw new IllegalStateException(e);
                }
                Thread.onSpinWait();
            }
        }
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The payloads received on one topic, in order. */
    public List<String> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).map(Received::payload).toList();
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(2000);
            }
            client.close();
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One message as the test client saw it. */
    public record Received(String topic, String payload, boolean retained) {
    }
}

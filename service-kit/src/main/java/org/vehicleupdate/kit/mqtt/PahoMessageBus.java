package org.vehicleupdate.kit.mqtt;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.TimerPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The {@link MessageBus} on Eclipse Paho (MQTT 3.1.1). Paho's callback thread only hands messages to one
 * handler thread, so that a slow handler never stops Paho from reading (keep-alive, acknowledgements). A publish
 * does not wait for the broker's acknowledgement: Paho sends in order on the one connection and sends again what
 * is unacknowledged after a reconnect. The inbound message is acknowledged (manual acks) only after its handler
 * returned and the broker has acknowledged everything the handler published ({@link AcknowledgementOrder}), so a
 * crash at any point gets it delivered again.
 */
public final class PahoMessageBus implements MessageBus {
    private static final System.Logger LOG = System.getLogger(PahoMessageBus.class.getName());
    private static final int MAX_INFLIGHT = 1000;
    private static final int OFFLINE_BUFFER = 10_000;
    private static final long MAX_RETRY_DELAY_MS = 30_000;
    private static final int MAX_REMEMBERED_TOPICS = 256;

    private final BrokerSettings settings;
    private final PahoThreads pahoThreads;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    /** Topic to the handlers of the filters that match it; forgotten at every new subscription. */
    private final Map<String, List<MessageHandler>> matching = new ConcurrentHashMap<>();
    private final ExecutorService handlerThread;
    private final ScheduledExecutorService connector;
    private final CountDownLatch firstConnect = new CountDownLatch(1);
    private final AcknowledgementOrder<MqttMessage> acknowledgements = new AcknowledgementOrder<>(this::acknowledge);
    /** The message whose handler runs on this thread, so that what it publishes holds its acknowledgement back. */
    private final ThreadLocal<AcknowledgementOrder.Incoming<MqttMessage>> handling = new ThreadLocal<>();
    private final Delivery delivery = new Delivery();
    private final AtomicInteger unacknowledgedPublishes = new AtomicInteger();
    private final Object allDelivered = new Object();
    private volatile boolean closed;

    private PahoMessageBus(BrokerSettings settings) throws MqttException {
        this.settings = settings;
        this.pahoThreads = new PahoThreads(settings.clientId());
        this.client = new MqttAsyncClient(settings.pahoUrl(), settings.clientId(), new MemoryPersistence(),
                new TimerPingSender(), pahoThreads);
        this.options = options(settings);
        this.handlerThread = Executors.newSingleThreadExecutor(r -> daemon(r, "mqtt-handler-" + settings.clientId()));
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mqtt-connect-" + settings.clientId()));
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(OFFLINE_BUFFER);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    /**
     * A bus that is not connected yet: register the subscriptions, then {@link #start()}.
     *
     * @throws IllegalArgumentException when the settings cannot work at all (bad URL, unreadable TLS files)
     */
    public static PahoMessageBus create(BrokerSettings settings) {
        try {
            return new PahoMessageBus(settings);
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use broker " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts connecting and returns at once; the first connection is retried until it succeeds (Paho's own
     * reconnect covers only connections that were once up).
     */
    public PahoMessageBus start() {
        connector.execute(() -> tryConnect(1000));
        return this;
    }

    /** Waits until the first connection is up and its subscriptions are acknowledged. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return firstConnect.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void subscribe(String topicFilter, MessageHandler handler) {
        MqttTopic.validate(topicFilter, true);
        synchronized (matching) {
            handlers.put(topicFilter, handler);
            matching.clear();
        }
        if (client.isConnected()) {
            try {
                client.subscribe(topicFilter, 1);
            } catch (MqttException e) {
                // the next connectComplete subscribes every registered filter again
                LOG.log(System.Logger.Level.WARNING, "subscribe to " + topicFilter + " failed, retried on reconnect: "
                        + e.getMessage());
            }
        }
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(retained);
        AcknowledgementOrder.Incoming<MqttMessage> cause = handling.get();
        // counted before Paho has it: the acknowledgement can come back before publish() returns
        unacknowledgedPublishes.incrementAndGet();
        if (cause != null) {
            acknowledgements.published(cause);
        }
        while (true) {
            try {
                client.publish(topic, message, cause, delivery);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                    // 1000 messages wait for the broker; Paho frees a slot on its callback thread, not this one
                    pause(2);
                    continue;
                }
                // Paho did not take it (the offline buffer is full, the client is closed): nothing will send it
                LOG.log(System.Logger.Level.WARNING, "publish to " + topic + " dropped: " + e.getMessage());
                delivery.settled(cause);
                return;
            }
        }
    }

    /**
     * Handles the messages already taken, waits (up to the acknowledge timeout, while connected) until the broker
     * has acknowledged what was published, then disconnects.
     */
    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        // drain the handlers first: what they publish and acknowledge still needs the connection
        handlerThread.shutdown();
        try {
            handlerThread.awaitTermination(5, TimeUnit.SECONDS);
            awaitDelivered(settings.acknowledgeTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // synchronous: Paho's receiver thread has stopped when it returns, so closing cannot pull the client's
            // state from under a message still being read (an NPE in Paho's thread otherwise). The quiesce time
            // lets the acknowledgements released by the last deliveries go out.
            client.disconnectForcibly(500, 1000, client.isConnected());
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.INFO, "disconnect from " + settings.url() + ": " + e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.INFO, "close MQTT client: " + e.getMessage());
        }
        // Paho leaves a given executor running
        pahoThreads.shutdownNow();
    }

    private void tryConnect(long delayMs) {
        if (closed) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete does the rest
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    retryLater(delayMs, cause);
                }
            });
        } catch (MqttException e) {
            retryLater(delayMs, e);
        }
    }

    private void retryLater(long delayMs, Throwable cause) {
        if (closed) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "cannot connect to " + settings.url() + " (" + reason(cause)
                + "), retrying in " + delayMs + " ms");
        long next = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
        connector.schedule(() -> tryConnect(next), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Waits until the broker has acknowledged every message published so far, or the connection is down. */
    private void awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (allDelivered) {
            while (unacknowledgedPublishes.get() > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !client.isConnected()) {
                    LOG.log(System.Logger.Level.WARNING, unacknowledgedPublishes.get() + " published messages not"
                            + " acknowledged by " + settings.url() + " when closing ("
                            + (left <= 0 ? "waited " + timeout.toMillis() + " ms" : "not connected") + ")");
                    return;
                }
                allDelivered.wait(Math.min(left, 100));
            }
        }
    }

    private void dispatch(String topic, MqttMessage message) {
        AcknowledgementOrder.Incoming<MqttMessage> incoming = acknowledgements.received(message);
        handling.set(incoming);
        try {
            for (MessageHandler handler : handlersOf(topic)) {
                handler.onMessage(topic, message.getPayload());
            }
        } catch (RuntimeException e) {
            // a handler's bug must not stop the service from handling the next message
            LOG.log(System.Logger.Level.ERROR, "handler failed on a message on " + topic, e);
        } finally {
            handling.remove();
            acknowledgements.handled(incoming);
        }
    }

    /** The handlers whose filter matches the topic, remembered per topic (a few dozen topics in practice). */
    private List<MessageHandler> handlersOf(String topic) {
        List<MessageHandler> known = matching.get(topic);
        if (known != null) {
            return known;
        }
        synchronized (matching) {
            List<MessageHandler> found = handlers.entrySet().stream()
                    .filter(entry -> MqttTopic.isMatched(entry.getKey(), topic)).map(Map.Entry::getValue).toList();
            if (matching.size() >= MAX_REMEMBERED_TOPICS) {
                matching.clear(); // a wildcard filter with ever new topics: start over rather than grow
            }
            matching.put(topic, found);
            return found;
        }
    }

    private void acknowledge(MqttMessage message) {
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.WARNING, "acknowledge message " + message.getId() + ": " + e.getMessage());
        }
    }

    private static MqttConnectOptions options(BrokerSettings settings) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(settings.cleanSession());
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) MAX_RETRY_DELAY_MS);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setMaxInflight(MAX_INFLIGHT);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        if (settings.secure()) {
            try {
                options.setSocketFactory(new NoDelaySslSocketFactory(TlsContexts.from(settings.caFile().orElseThrow(),
                        settings.certFile(), settings.keyFile()).getSocketFactory()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("TLS files: " + e.getMessage(), e);
            }
        } else {
            options.setSocketFactory(new NoDelaySocketFactory());
        }
        return options;
    }

    /** Paho's own text ("Unable to connect to server") hides the cause: a refused connection, a TLS error. */
    private static String reason(Throwable cause) {
        Throwable inner = cause.getCause();
        return inner == null || inner.getMessage() == null ? cause.getMessage()
                : cause.getMessage() + ": " + inner.getMessage();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            String connected = (reconnect ? "reconnected to " : "connected to ") + serverUri + " as "
                    + settings.clientId();
            String[] filters = handlers.keySet().toArray(String[]::new);
            if (filters.length == 0) {
                LOG.log(System.Logger.Level.INFO, connected);
                firstConnect.countDown();
                return;
            }
            int[] qos = new int[filters.length];
            Arrays.fill(qos, 1);
            try {
                client.subscribe(filters, qos, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        // said only now, so that "connected" in the log means messages can arrive
                        LOG.log(System.Logger.Level.INFO, connected + ", subscribed to " + filters.length + " topics");
                        firstConnect.countDown();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable cause) {
                        LOG.log(System.Logger.Level.ERROR, "subscribe after connect failed: " + cause.getMessage());
                    }
                });
            } catch (MqttException e) {
                LOG.log(System.Logger.Level.ERROR, "subscribe after connect failed: " + e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "lost connection to " + settings.url() + ": " + cause.getMessage()
                    + "; reconnecting");
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                handlerThread.execute(() -> dispatch(topic, message));
            } catch (RejectedExecutionException closing) {
                // not acknowledged: the broker delivers it again to the next session of this client id
                LOG.log(System.Logger.Level.DEBUG, "closing; message on " + topic + " left for the next session");
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Delivery hears of it, with the message whose handler published it
        }
    }

    /** Hears from Paho (on its callback thread) when the broker has acknowledged a published message. */
    private final class Delivery implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            settled(token.getUserContext());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            // with a persistent session Paho keeps an unacknowledged message across reconnects and sends it again;
            // a failure here means it gave up on it (clean session, client closed)
            LOG.log(System.Logger.Level.WARNING, "publish to " + String.join(",", token.getTopics())
                    + " not acknowledged by the broker: " + (cause == null ? "unknown reason" : cause.getMessage()));
            settled(token.getUserContext());
        }

        @SuppressWarnings("unchecked")
        void settled(Object cause) {
            if (cause != null) {
                acknowledgements.delivered((AcknowledgementOrder.Incoming<MqttMessage>) cause);
            }
            if (unacknowledgedPublishes.decrementAndGet() == 0) {
                synchronized (allDelivered) {
                    allDelivered.notifyAll();
                }
            }
        }
    }
}

package org.vehicleupdate.updatemanager.things;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.ditto.base.model.common.HttpStatus;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;
import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;

/**
 * The update-manager as the {@code UpdateManager} feature of the vehicle's digital twin: registered on the
 * thing the cloud connector names (again on another thing when the connector names another), its outbox
 * messages and properties published on {@code e}, and the owner consent request that is waiting for an answer.
 *
 * <p>Before the connector has named the thing, feedback and consent requests wait here (the newest
 * {@value #MAX_WAITING}) and go out right after the registration, so that an update the manager finishes after a
 * restart is reported even when the connector comes online later; an inventory is not kept, since a new one is
 * collected at every registration.
 */
public final class UpdateManagerFeature {
    public static final String ID = "UpdateManager";
    public static final String DEFINITION = "com.bosch.iot.suite.edge.update:UpdateManager:1.0.0";
    public static final String APPLY = "apply";
    public static final String REFRESH = "refresh";
    public static final String CONSENT = "consent";
    public static final String FEEDBACK = "feedback";
    static final int MAX_WAITING = 100;
    private static final System.Logger LOG = System.getLogger(UpdateManagerFeature.class.getName());

    private final MessageBus bus;
    private final DittoEnvelopes envelopes;
    private final String domain;
    private final Clock clock;
    private final Deque<Function<ThingId, String>> waiting = new ArrayDeque<>();
    private Optional<EdgeConfiguration> edge = Optional.empty();
    private Optional<String> consentCorrelationId = Optional.empty();

    public UpdateManagerFeature(MessageBus bus, DittoEnvelopes envelopes, String domain, Clock clock) {
        this.bus = bus;
        this.envelopes = envelopes;
        this.domain = domain;
        this.clock = clock;
    }

    /**
     * Registers the feature on the connector's thing, unless this configuration is the one in use already.
     *
     * @return whether the feature was registered now
     */
    public synchronized boolean activate(EdgeConfiguration configuration) {
        if (edge.equals(Optional.of(configuration))) {
            return false;
        }
        edge.ifPresent(previous -> LOG.log(System.Logger.Level.INFO, "cloud connector changed the thing from "
                + previous.thingId() + " to " + configuration.thingId() + "; registering the feature again"));
        edge = Optional.of(configuration);
        ThingId thing = configuration.thingId();
        publish(envelopes.registration(thing, domain));
        LOG.log(System.Logger.Level.INFO, "feature " + ID + " registered on thing " + thing + " (tenant '"
                + configuration.tenantId() + "'); " + waiting.size() + " waiting messages follow");
        while (!waiting.isEmpty()) {
            publish(waiting.removeFirst().apply(thing));
        }
        return true;
    }

    /** The thing the feature is registered on. */
    public synchronized Optional<ThingId> thing() {
        return edge.map(EdgeConfiguration::thingId);
    }

    public synchronized void sendFeedback(String activityId, DesiredStateFeedback feedback) {
        JsonObject value = FeatureValues.feedback(activityId, clock.millis(), feedback);
        send(thing -> envelopes.outboxMessage(thing, FEEDBACK, value, Optional.empty()));
    }

    /** Writes the vehicle's inventory to the feature's properties; without a thing there is no twin to write. */
    public synchronized void setState(String activityId, Inventory inventory) {
        Optional<ThingId> thing = thing();
        if (thing.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "[" + activityId + "] inventory not written: no thing yet");
            return;
        }
        publish(envelopes.properties(thing.get(),
                FeatureValues.properties(activityId, clock.millis(), domain, inventory)));
    }

    /** Asks the owner through the feature's outbox; the answer must carry the correlation id made here. */
    public synchronized void askConsent(String activityId, Command command) {
        String correlationId = UUID.randomUUID().toString();
        consentCorrelationId = Optional.of(correlationId);
        JsonObject value = FeatureValues.consentRequest(activityId, clock.millis(), command);
        send(thing -> envelopes.outboxMessage(thing, CONSENT, value, Optional.of(correlationId)));
    }

    /** Whether a consent answer with this correlation id answers the request sent; a match is used up. */
    public synchronized ConsentMatch takeConsent(Optional<String> correlationId) {
        if (consentCorrelationId.isEmpty()) {
            return ConsentMatch.NOTHING_ASKED;
        }
        if (!consentCorrelationId.equals(correlationId)) {
            return ConsentMatch.OTHER_REQUEST;
        }
        consentCorrelationId = Optional.empty();
        return ConsentMatch.MATCHED;
    }

    /** Answers an inbox message on {@code command///res/<request-id>/<status>}. */
    public void reply(InboxRequest request, HttpStatus status, Optional<JsonObject> value) {
        request.requestId().ifPresent(id -> publish(ThingsTopics.response(id, status.getCode()),
                envelopes.response(request.thing(), request.subject(), request.correlationId(), status, value)));
    }

    private void send(Function<ThingId, String> envelope) {
        Optional<ThingId> thing = thing();
        if (thing.isPresent()) {
            publish(envelope.apply(thing.get()));
            return;
        }
        if (waiting.size() == MAX_WAITING) {
            waiting.removeFirst();
        }
        waiting.addLast(envelope);
    }

    private void publish(String envelope) {
        publish(ThingsTopics.EVENTS, envelope);
    }

    private void publish(String topic, String envelope) {
        bus.publish(topic, envelope.getBytes(StandardCharsets.UTF_8), false);
    }

    /** How an owner's consent answer relates to the request the feature sent. */
    public enum ConsentMatch {
        MATCHED, OTHER_REQUEST, NOTHING_ASKED
    }
}

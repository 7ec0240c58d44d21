package org.vehicleupdate.updatemanager.things;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.ditto.base.model.common.HttpStatus;
import org.eclipse.ditto.things.model.ThingId;
import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.OwnerConsentFeedback;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.updatemanager.core.ManagerInbox;
import org.vehicleupdate.updatemanager.trust.DesiredStateGate;

/**
 * What comes in through the cloud connector, handed to the update-manager's core through the same entry points
 * as the plain topics: the connector's edge configuration registers the feature; {@code apply}, {@code refresh}
 * and {@code consent} in the feature's inbox become a desired state, a current state request and the owner's
 * consent. A request that wants an answer gets 204 once it is accepted, or a Ditto error that says what is wrong.
 * The inbox is subscribed only once the connector has named the thing, as Kanto does.
 */
public final class ThingsInbox {
    private static final System.Logger LOG = System.getLogger(ThingsInbox.class.getName());

    private final MessageBus bus;
    private final UpdateManagerFeature feature;
    private final FeatureValues values;
    private final DesiredStateGate trust;
    private final ManagerInbox manager;
    private final int maxMessageBytes;
    private final Clock clock;
    private final AtomicBoolean inboxSubscribed = new AtomicBoolean();

    /**
     * @param trust the same door as on the plain topic: a signed desired state is checked before the core sees it
     */
    public ThingsInbox(MessageBus bus, UpdateManagerFeature feature, FeatureValues values, DesiredStateGate trust,
            ManagerInbox manager, int maxMessageBytes, Clock clock) {
        this.bus = bus;
        this.feature = feature;
        this.values = values;
        this.trust = trust;
        this.manager = manager;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
    }

    /** Listens for the connector's answer; call before the bus connects. */
    public void subscribe() {
        bus.subscribe(ThingsTopics.EDGE_RESPONSE, (topic, payload) -> onEdgeConfiguration(payload));
    }

    /** Asks the connector which thing this vehicle is; a connector also announces it when it comes online. */
    public void requestEdgeConfiguration() {
        LOG.log(System.Logger.Level.INFO, "things mode: asking the cloud connector for the thing on "
                + ThingsTopics.EDGE_REQUEST);
        bus.publish(ThingsTopics.EDGE_REQUEST, new byte[0], false);
    }

    void onEdgeConfiguration(byte[] payload) {
        EdgeConfiguration configuration;
        try {
            configuration = EdgeConfiguration.parse(payload);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "edge configuration on " + ThingsTopics.EDGE_RESPONSE
                    + " refused: " + e.getMessage());
            return;
        }
        if (!feature.activate(configuration)) {
            return;
        }
        if (inboxSubscribed.compareAndSet(false, true)) {
            bus.subscribe(ThingsTopics.COMMANDS, this::onCommand);
        }
        String activityId = "initial-current-state-" + clock.millis();
        manager.onCurrentStateGet(new ReadResult.Accepted<>(
                Envelope.of(activityId, clock.millis(), new CurrentStateRequest())));
    }

    void onCommand(String topic, byte[] payload) {
        if (payload.length > maxMessageBytes) {
            LOG.log(System.Logger.Level.WARNING, "message on " + topic + " refused: " + payload.length
                    + " bytes is over the limit of " + maxMessageBytes + " bytes");
            return;
        }
        InboxRequest request;
        try {
            request = InboxRequest.parse(topic, payload);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "message on " + topic + " refused: " + e.getMessage());
            return;
        }
        Optional<ThingId> thing = feature.thing();
        if (thing.isEmpty() || !thing.get().equals(request.thing())) {
            LOG.log(System.Logger.Level.INFO, "[" + request.activityId() + "] " + request.subject() + " for thing "
                    + request.thing() + " ignored: this vehicle is " + thing.map(Object::toString).orElse("no thing yet"));
            return;
        }
        if (!request.featureId().equals(Optional.of(UpdateManagerFeature.ID))) {
            LOG.log(System.Logger.Level.DEBUG, "[" + request.activityId() + "] message '" + request.subject()
                    + "' is not for the inbox of feature " + UpdateManagerFeature.ID + "; ignored");
            return;
        }
        switch (request.subject()) {
            case UpdateManagerFeature.APPLY -> apply(request);
            case UpdateManagerFeature.REFRESH -> refresh(request);
            case UpdateManagerFeature.CONSENT -> consent(request);
            default -> LOG.log(System.Logger.Level.INFO, "[" + request.activityId() + "] inbox message '"
                    + request.subject() + "' is not one of apply, refresh, consent; ignored");
        }
    }

    private void apply(InboxRequest request) {
        ReadResult<DesiredState> read = trust.admit(FeatureValues.applyEnvelope(request.value()),
                values.apply(request.value()));
        if (read instanceof ReadResult.Rejected<DesiredState> rejected) {
            refuse(request, rejected.reason());
        } else {
            accept(request);
        }
        manager.onDesiredState(read);
    }

    private void refresh(InboxRequest request) {
        ReadResult<CurrentStateRequest> read = values.refresh(request.value());
        if (read instanceof ReadResult.Rejected<CurrentStateRequest> rejected) {
            refuse(request, rejected.reason());
            return;
        }
        accept(request);
        manager.onCurrentStateGet(read);
    }

    private void consent(InboxRequest request) {
        ReadResult<OwnerConsentFeedback> read = values.consent(request.value());
        if (read instanceof ReadResult.Rejected<OwnerConsentFeedback> rejected) {
            refuse(request, rejected.reason());
            return;
        }
        switch (feature.takeConsent(request.correlationId())) {
            case NOTHING_ASKED -> refuse(request, "no owner consent request is waiting for an answer");
            case OTHER_REQUEST -> refuse(request, "correlation id mismatch: "
                    + request.correlationId().map(id -> "'" + id + "'").orElse("none")
                    + " is not the one of the consent request waiting for an answer");
            case MATCHED -> {
                accept(request);
                manager.onOwnerConsentFeedback(read);
            }
        }
    }

    private void accept(InboxRequest request) {
        if (request.responseRequired()) {
            feature.reply(request, HttpStatus.NO_CONTENT, Optional.empty());
        }
    }

    private void refuse(InboxRequest request, String reason) {
        LOG.log(System.Logger.Level.WARNING, "[" + request.activityId() + "] " + request.subject() + " refused: "
                + reason);
        if (request.responseRequired()) {
            feature.reply(request, HttpStatus.BAD_REQUEST,
                    Optional.of(ThingError.parameterInvalid(reason).toJson()));
        }
    }
}

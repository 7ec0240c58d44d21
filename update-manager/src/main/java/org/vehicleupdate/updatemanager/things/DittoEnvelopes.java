package org.vehicleupdate.updatemanager.things;

import java.util.Optional;
import org.eclipse.ditto.base.model.common.HttpStatus;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.headers.DittoHeadersBuilder;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.messages.model.Message;
import org.eclipse.ditto.messages.model.MessageBuilder;
import org.eclipse.ditto.messages.model.MessageDirection;
import org.eclipse.ditto.messages.model.MessageHeaders;
import org.eclipse.ditto.messages.model.MessageHeadersBuilder;
import org.eclipse.ditto.messages.model.signals.commands.SendFeatureMessage;
import org.eclipse.ditto.messages.model.signals.commands.SendFeatureMessageResponse;
import org.eclipse.ditto.protocol.Adaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyFeature;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyFeatureProperties;

/**
 * The Ditto protocol envelopes the {@code UpdateManager} feature sends, made by Ditto's own protocol adapter
 * from Ditto's command and message types. The headers on the wire are exactly the ones Kanto's feature sends
 * ({@code response-required}, {@code correlation-id}, {@code content-type}); the adapter's internal message
 * headers ({@code ditto-message-*}) stay inside.
 */
public final class DittoEnvelopes {
    private static final String JSON = "application/json";

    private final DittoProtocolAdapter adapter = DittoProtocolAdapter.newInstance();

    /** Twin modify of the whole feature: its definition and the {@code domain} property. */
    public String registration(ThingId thing, String domain) {
        Feature feature = ThingsModelFactory.newFeatureBuilder()
                .definition(ThingsModelFactory.newFeatureDefinitionBuilder(UpdateManagerFeature.DEFINITION).build())
                .properties(ThingsModelFactory.newFeaturePropertiesBuilder().set("domain", domain).build())
                .withId(UpdateManagerFeature.ID)
                .build();
        DittoHeaders headers = DittoHeaders.newBuilder().responseRequired(false).build();
        return json(ModifyFeature.of(thing, feature, headers), headers);
    }

    /** Twin modify of the feature's properties. */
    public String properties(ThingId thing, JsonObject properties) {
        DittoHeaders headers = DittoHeaders.newBuilder().contentType(JSON).responseRequired(false).build();
        return json(ModifyFeatureProperties.of(thing, UpdateManagerFeature.ID,
                ThingsModelFactory.newFeatureProperties(properties), headers), headers);
    }

    /** A message from the feature's outbox; one that wants an answer carries its correlation id. */
    public String outboxMessage(ThingId thing, String subject, JsonObject value, Optional<String> correlationId) {
        DittoHeadersBuilder<?, ?> builder = DittoHeaders.newBuilder().contentType(JSON)
                .responseRequired(correlationId.isPresent());
        correlationId.ifPresent(builder::correlationId);
        DittoHeaders headers = builder.build();
        Message<Object> message = message(thing, subject, Optional.of(value));
        return json(SendFeatureMessage.of(thing, UpdateManagerFeature.ID, message, headers), headers);
    }

    /** The answer to an inbox message: a status, and a value for an error. */
    public String response(ThingId thing, String subject, Optional<String> correlationId, HttpStatus status,
            Optional<JsonObject> value) {
        DittoHeadersBuilder<?, ?> builder = DittoHeaders.newBuilder();
        value.ifPresent(v -> builder.contentType(JSON));
        correlationId.ifPresent(builder::correlationId);
        DittoHeaders headers = builder.responseRequired(false).build();
        Message<Object> message = message(thing, subject, value);
        return json(SendFeatureMessageResponse.of(thing, UpdateManagerFeature.ID, message, status, headers),
                headers);
    }

    private static Message<Object> message(ThingId thing, String subject, Optional<JsonObject> value) {
        MessageHeadersBuilder headers = MessageHeaders.newBuilder(MessageDirection.FROM, thing, subject)
                .featureId(UpdateManagerFeature.ID);
        value.ifPresent(v -> headers.contentType(JSON));
        MessageBuilder<Object> builder = Message.newBuilder(headers.build());
        value.ifPresent(builder::payload);
        return builder.build();
    }

    private String json(Signal<?> signal, DittoHeaders wireHeaders) {
        Adaptable adaptable = adapter.toAdaptable(signal);
        Adaptable onWire = ProtocolFactory.newAdaptableBuilder(adaptable).withHeaders(wireHeaders).build();
        return ProtocolFactory.wrapAsJsonifiableAdaptable(onWire).toJsonString();
    }
}

package org.vehicleupdate.cli.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonRuntimeException;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.messages.model.Message;
import org.eclipse.ditto.messages.model.MessageDirection;
import org.eclipse.ditto.messages.model.MessageHeaders;
import org.eclipse.ditto.messages.model.signals.commands.SendFeatureMessage;
import org.eclipse.ditto.protocol.Adaptable;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.MessagePath;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.ThingId;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The backend's side of Kanto's things mode on the vehicle's broker, with Eclipse Ditto's protocol library:
 * a message to the {@code UpdateManager} feature's inbox on {@code command///req/<request-id>/<subject>}, the
 * feature's {@code feedback} outbox messages on {@code e}, the answers on {@code command///res/...}, and the
 * cloud connector's {@code edge/thing/response}, which names the vehicle's thing.
 */
public final class ThingsChannel {
    public static final String EDGE_REQUEST = "edge/thing/request";
    public static final String EDGE_RESPONSE = "edge/thing/response";
    public static final String EVENTS = "e";
    public static final String RESPONSES = "command///res/#";
    private static final String FEATURE = "UpdateManager";

    private final DittoProtocolAdapter adapter = DittoProtocolAdapter.newInstance();
    private final MessageReader reader;

    /** One feedback message of the feature: for which thing, and the feedback as on the plain topic. */
    public record Feedback(ThingId thing, ReadResult<DesiredStateFeedback> message) {
    }

    /** An answer to a request: its status, and the error's message for a refusal. */
    public record Response(int status, String message) {
    }

    public ThingsChannel(MessageReader reader) {
        this.reader = reader;
    }

    public static String requestTopic(String requestId, String subject) {
        return "command///req/" + requestId + "/" + subject;
    }

    /** The thing a connector's answer names; empty for anything else. */
    public static Optional<ThingId> edgeThing(byte[] payload) {
        try {
            JsonValue json = JsonFactory.readFrom(new String(payload, StandardCharsets.UTF_8));
            return json.isObject() ? json.asObject().getValue("deviceId").filter(JsonValue::isString)
                    .map(v -> ThingId.of(v.asString())) : Optional.empty();
        } catch (JsonRuntimeException | DittoRuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code apply} to the feature's inbox: the plain message's activityId, timestamp and payload. */
    public byte[] apply(ThingId thing, String correlationId, String plainMessage) {
        JsonObject plain = JsonFactory.newObject(plainMessage);
        JsonObjectBuilder value = JsonObject.newBuilder();
        plain.getValue("activityId").ifPresent(v -> value.set("activityId", v));
        plain.getValue("timestamp").ifPresent(v -> value.set("timestamp", v));
        plain.getValue("payload").ifPresent(v -> value.set("desiredState", v));
        DittoHeaders headers = DittoHeaders.newBuilder().correlationId(correlationId).responseRequired(true)
                .contentType("application/json").build();
        Message<Object> message = Message.newBuilder(MessageHeaders.newBuilder(MessageDirection.TO, thing, "apply")
                .featureId(FEATURE).contentType("application/json").build()).payload(value.build()).build();
        Adaptable adaptable = adapter.toAdaptable(SendFeatureMessage.of(thing, FEATURE, message, headers));
        Adaptable onWire = ProtocolFactory.newAdaptableBuilder(adaptable).withHeaders(headers).build();
        return ProtocolFactory.wrapAsJsonifiableAdaptable(onWire).toJsonString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code feedback} message of the feature, from what came on {@code e}; empty for anything else. */
    public Optional<Feedback> feedback(byte[] payload) {
        return parse(payload).flatMap(adaptable -> {
            MessagePath path = adaptable.getPayload().getPath();
            if (!path.getFeatureId().equals(Optional.of(FEATURE))
                    || !path.getDirection().equals(Optional.of(MessageDirection.FROM))
                    || !path.getMessageSubject().equals(Optional.of("feedback"))) {
                return Optional.empty();
            }
            JsonValue value = adaptable.getPayload().getValue().orElse(JsonValue.nullLiteral());
            JsonObjectBuilder plain = JsonObject.newBuilder();
            if (value.isObject() && !value.isNull()) {
                value.asObject().getValue("activityId").ifPresent(v -> plain.set("activityId", v));
                value.asObject().getValue("timestamp").ifPresent(v -> plain.set("timestamp", v));
                value.asObject().getValue("desiredStateFeedback").ifPresent(v -> plain.set("payload", v));
            }
            ThingId thing = ThingId.of(adaptable.getTopicPath().getNamespace(),
                    adaptable.getTopicPath().getEntityName());
            return Optional.of(new Feedback(thing, reader.read(
                    plain.build().toString().getBytes(StandardCharsets.UTF_8), MessageKind.DESIRED_STATE_FEEDBACK)));
        });
    }

    /** The answer on {@code command///res/<request-id>/<status>}. */
    public Response response(String topic, byte[] payload) {
        int status;
        try {
            status = Integer.parseInt(topic.substring(topic.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            status = 0;
        }
        String message = parse(payload).flatMap(a -> a.getPayload().getValue())
                .filter(v -> v.isObject() && !v.isNull()).flatMap(v -> v.asObject().getValue("message"))
                .filter(JsonValue::isString).map(JsonValue::asString).orElse("");
        return new Response(status, message);
    }

    private static Optional<JsonifiableAdaptable> parse(byte[] payload) {
        try {
            return Optional.of(ProtocolFactory.jsonifiableAdaptableFromJson(
                    JsonFactory.newObject(new String(payload, StandardCharsets.UTF_8))));
        } catch (JsonRuntimeException | DittoRuntimeException e) {
            return Optional.empty();
        }
    }
}

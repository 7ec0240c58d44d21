package org.vehicleupdate.updatemanager.things;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonValue;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.OwnerConsent;
import org.vehicleupdate.messages.OwnerConsentFeedback;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The values of the feature's messages and properties, and the plain wire messages they carry. A Ditto value
 * is the plain envelope with the payload under its own name ({@code {activityId, timestamp, desiredState}} for
 * {@code {activityId, timestamp, payload}}), so an incoming value is read by the same reader and JSON Schemas as
 * on the plain topics; a refusal names the value's own paths ({@code desiredState.domains[0].id: ...}).
 */
public final class FeatureValues {
    static final String DESIRED_STATE = "desiredState";
    static final String DESIRED_STATE_FEEDBACK = "desiredStateFeedback";
    static final String OWNER_CONSENT = "ownerConsent";
    static final String OWNER_CONSENT_FEEDBACK = "ownerConsentFeedback";

    private final MessageReader reader;

    public FeatureValues(MessageReader reader) {
        this.reader = reader;
    }

    /** The value of an {@code apply} message. */
    public ReadResult<DesiredState> apply(JsonValue value) {
        return read(value, DESIRED_STATE, MessageKind.DESIRED_STATE);
    }

    /**
     * The plain envelope an {@code apply} value stands for, with its {@code signature} if it has one: what a signed
     * desired state's signature covers, so that one signed message can be sent on either path (docs/trust.md).
     */
    public static byte[] applyEnvelope(JsonValue value) {
        if (value.isNull() || !value.isObject()) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
        JsonObject object = value.asObject();
        JsonObjectBuilder envelope = JsonObject.newBuilder();
        object.getValue("activityId").ifPresent(v -> envelope.set("activityId", v));
        object.getValue("timestamp").ifPresent(v -> envelope.set("timestamp", v));
        object.getValue(DESIRED_STATE).ifPresent(v -> envelope.set("payload", v));
        object.getValue("signature").ifPresent(v -> envelope.set("signature", v));
        return envelope.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value of a {@code refresh} message: only the activityId and timestamp. */
    public ReadResult<CurrentStateRequest> refresh(JsonValue value) {
        return read(value, "", MessageKind.CURRENT_STATE_GET);
    }

    /** The value of a {@code consent} message from the owner. */
    public ReadResult<OwnerConsentFeedback> consent(JsonValue value) {
        return read(value, OWNER_CONSENT_FEEDBACK, MessageKind.OWNER_CONSENT_FEEDBACK);
    }

    public static JsonObject feedback(String activityId, long timestamp, DesiredStateFeedback feedback) {
        return base(activityId, timestamp).set(DESIRED_STATE_FEEDBACK, json(feedback)).build();
    }

    public static JsonObject consentRequest(String activityId, long timestamp, Command command) {
        return base(activityId, timestamp).set(OWNER_CONSENT, json(new OwnerConsent(command))).build();
    }

    /** The feature's properties: what the twin shows of the vehicle. */
    public static JsonObject properties(String activityId, long timestamp, String domain, Inventory inventory) {
        return base(activityId, timestamp).set("domain", domain).set("inventory", json(inventory)).build();
    }

    private static JsonObjectBuilder base(String activityId, long timestamp) {
        return JsonObject.newBuilder().set("activityId", activityId).set("timestamp", timestamp);
    }

    private static JsonValue json(Object wireRecord) {
        return JsonFactory.readFrom(WireJson.write(wireRecord));
    }

    private <T> ReadResult<T> read(JsonValue value, String payloadName, MessageKind kind) {
        // Ditto's null literal is also a (null) object
        if (value.isNull() || !value.isObject()) {
            String got = value.isNull() ? "nothing" : value.toString();
            String fields = payloadName.isEmpty() ? "activityId and timestamp"
                    : "activityId, timestamp and " + payloadName;
            return new ReadResult.Rejected<>("", "value: expected an object with " + fields + ", got " + got);
        }
        JsonObject object = value.asObject();
        JsonObjectBuilder envelope = JsonObject.newBuilder();
        object.getValue("activityId").ifPresent(v -> envelope.set("activityId", v));
        object.getValue("timestamp").ifPresent(v -> envelope.set("timestamp", v));
        if (!payloadName.isEmpty()) {
            object.getValue(payloadName).ifPresent(v -> envelope.set("payload", v));
        }
        ReadResult<T> read = reader.read(envelope.build().toString().getBytes(StandardCharsets.UTF_8), kind);
        if (read instanceof ReadResult.Rejected<T> rejected) {
            return new ReadResult.Rejected<>(rejected.activityId(), renamePaths(rejected.reason(), payloadName));
        }
        return read;
    }

    /** The reader's paths are the plain envelope's: {@code payload.x} is {@code <payloadName>.x} here. */
    private static String renamePaths(String reason, String payloadName) {
        return Arrays.stream(reason.split("; ")).map(part -> {
            if (!payloadName.isEmpty() && (part.startsWith("payload.") || part.startsWith("payload:")
                    || part.startsWith("payload["))) {
                return payloadName + part.substring("payload".length());
            }
            if (part.startsWith("message:")) {
                return "value" + part.substring("message".length());
            }
            return part;
        }).collect(Collectors.joining("; "));
    }
}

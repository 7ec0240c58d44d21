package org.vehicleupdate.cli.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * Turns what the operator wrote into the desired-state message to publish, checked exactly as the
 * update-manager will check it, so that a mistake is reported here and nothing is sent.
 *
 * <p>Accepted forms: a whole envelope ({@code {"activityId": ..., "payload": {"domains": [...]}}}), or the bare
 * payload ({@code {"domains": [...]}}), which is wrapped with a fresh activityId and the current time. An
 * envelope without an activityId gets a fresh one too, since its feedback could not be told apart otherwise.
 */
public final class DesiredStateInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MessageReader reader;
    private final Clock clock;
    private final Supplier<String> newActivityId;

    public DesiredStateInput(MessageReader reader, Clock clock, Supplier<String> newActivityId) {
        this.reader = reader;
        this.clock = clock;
        this.newActivityId = newActivityId;
    }

    /** What comes of the input: a message ready to publish, or the reason it was refused. */
    public sealed interface Prepared {
    }

    /**
     * @param message     the bytes to publish: the input itself when nothing had to be added
     * @param wrapped     the input was a bare payload
     * @param idAssigned  the activityId was generated here
     */
    public record Ready(Envelope<DesiredState> envelope, byte[] message, boolean wrapped, boolean idAssigned)
            implements Prepared {
    }

    /** @param reason names the JSON path and what is wrong, as the update-manager would say it */
    public record Refused(String reason) implements Prepared {
    }

    /**
     * @param freshActivityId replace the envelope's activityId with a new one (to apply the same file again:
     *                        the update-manager answers a known activityId with that activity's result)
     */
    public Prepared prepare(byte[] raw, boolean freshActivityId) {
        if (raw.length > reader.maxBytes()) {
            return validate(raw, false, false);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            return validate(raw, false, false);
        } catch (IOException e) {
            return new Refused("message: unreadable: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            return validate(raw, false, false);
        }
        ObjectNode object = (ObjectNode) tree;
        if (!object.has("payload") && object.has("domains")) {
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.put("activityId", newActivityId.get());
            envelope.put("timestamp", clock.millis());
            envelope.set("payload", object);
            return validate(bytes(envelope), true, true);
        }
        JsonNode id = object.get("activityId");
        boolean missingId = id == null || (id.isTextual() && id.asText().isEmpty()) || id.isNull();
        if (object.has("signature") && freshActivityId) {
            // the signature covers the activityId: a changed one would be refused as tampered on the vehicle
            return new Refused("signature: a signed message cannot get a new activityId; sign it again with one"
                    + " (vehicle-update sign --activity ID ...)");
        }
        if (object.has("payload") && (missingId || freshActivityId)) {
            object.put("activityId", newActivityId.get());
            if (freshActivityId) {
                object.put("timestamp", clock.millis());
            }
            return validate(bytes(object), false, true);
        }
        return validate(raw, false, false);
    }

    private Prepared validate(byte[] message, boolean wrapped, boolean idAssigned) {
        ReadResult<DesiredState> result = reader.read(message, MessageKind.DESIRED_STATE);
        if (result instanceof ReadResult.Accepted<DesiredState> accepted) {
            return new Ready(accepted.envelope(), message, wrapped, idAssigned);
        }
        return new Refused(((ReadResult.Rejected<DesiredState>) result).reason());
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // a tree that was just parsed always serialises
            throw new IllegalStateException(e);
        }
    }
}

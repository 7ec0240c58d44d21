package org.vehicleupdate.updatemanager.things;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.headers.DittoHeaderDefinition;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonRuntimeException;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.messages.model.MessageDirection;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.MessagePath;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.things.model.ThingId;

/**
 * A Ditto envelope that came in on {@code command///req/<request-id>/<subject>}, read by Ditto's protocol
 * library: for which thing, which feature's inbox and subject, whether and how it wants an answer, and its value.
 *
 * @param requestId        from the MQTT topic; the answer goes to {@code command///res/<request-id>/<status>}
 * @param featureId        the feature whose inbox the message is for; empty for anything else
 * @param responseRequired as Kanto reads it: only an explicit {@code "response-required": true} wants an answer
 */
public record InboxRequest(Optional<String> requestId, ThingId thing, Optional<String> featureId, String subject,
        Optional<String> correlationId, boolean responseRequired, JsonValue value) {

    /** @throws IllegalArgumentException when the message is no Ditto envelope for a thing */
    public static InboxRequest parse(String topic, byte[] payload) {
        JsonifiableAdaptable adaptable;
        try {
            adaptable = ProtocolFactory.jsonifiableAdaptableFromJson(
                    JsonFactory.newObject(new String(payload, StandardCharsets.UTF_8)));
        } catch (JsonRuntimeException | DittoRuntimeException e) {
            throw new IllegalArgumentException("not a Ditto protocol envelope: " + e.getMessage(), e);
        }
        TopicPath topicPath = adaptable.getTopicPath();
        ThingId thing;
        try {
            thing = ThingId.of(topicPath.getNamespace(), topicPath.getEntityName());
        } catch (DittoRuntimeException e) {
            throw new IllegalArgumentException("topic " + topicPath.getPath() + " names no thing: " + e.getMessage(),
                    e);
        }
        MessagePath path = adaptable.getPayload().getPath();
        boolean inbox = path.getDirection().filter(d -> d == MessageDirection.TO).isPresent();
        Optional<String> feature = inbox ? path.getFeatureId() : Optional.empty();
        DittoHeaders headers = adaptable.getDittoHeaders();
        boolean responseRequired = headers.containsKey(DittoHeaderDefinition.RESPONSE_REQUIRED.getKey())
                && headers.isResponseRequired();
        return new InboxRequest(ThingsTopics.requestId(topic), thing, feature,
                path.getMessageSubject().or(topicPath::getSubject).orElse(""), headers.getCorrelationId(),
                responseRequired, adaptable.getPayload().getValue().orElse(JsonValue.nullLiteral()));
    }

    /** The activityId in the value, where there is one: for log lines about a message that goes nowhere. */
    public String activityId() {
        return value.isObject() && !value.isNull() ? value.asObject().getValue("activityId").filter(JsonValue::isString)
                .map(JsonValue::asString).orElse("") : "";
    }
}

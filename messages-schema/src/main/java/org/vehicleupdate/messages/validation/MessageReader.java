package org.vehicleupdate.messages.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonParseException;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.json.WireJson;

/**
 * Reads a message from the wire in three steps, each of which can refuse it with a reason: the size limit
 * (before any parsing), JSON syntax, and the message's JSON Schema (draft 2020-12). Only then is it bound to
 * the wire records. Unknown extra fields are accepted, so newer senders keep working.
 */
public final class MessageReader {
    /** 1 MiB: far above any real desired state, far below what would hurt a small ECU. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    private static final int MAX_REPORTED_VIOLATIONS = 5;

    private final int maxBytes;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<MessageKind, Schema> schemas = new EnumMap<>(MessageKind.class);

    public MessageReader() {
        this(DEFAULT_MAX_BYTES);
    }

    public MessageReader(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (MessageKind kind : MessageKind.values()) {
            schemas.put(kind, registry.getSchema(SchemaLocation.of("classpath:" + kind.schemaResource())));
        }
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Reads a message whose payload binds to {@code kind}'s payload record. */
    @SuppressWarnings("unchecked")
    public <T> ReadResult<T> read(byte[] raw, MessageKind kind) {
        if (raw.length > maxBytes) {
            return new ReadResult.Rejected<>("", "message: " + raw.length + " bytes is over the limit of "
                    + maxBytes + " bytes");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            return new ReadResult.Rejected<>("", "message: not valid JSON" + where(e.getLocation()) + ": "
                    + withoutParserDetails(e.getOriginalMessage()));
        } catch (IOException e) {
            return new ReadResult.Rejected<>("", "message: unreadable: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            return new ReadResult.Rejected<>("", "message: empty, expected a JSON object");
        }
        String activityId = tree.path("activityId").isTextual() ? tree.path("activityId").asText() : "";
        List<Error> errors = schemas.get(kind).validate(tree);
        if (!errors.isEmpty()) {
            String reason = errors.stream().limit(MAX_REPORTED_VIOLATIONS).map(SchemaViolation::describe)
                    .distinct().collect(Collectors.joining("; "));
            return new ReadResult.Rejected<>(activityId, reason);
        }
        try {
            if (kind == MessageKind.CURRENT_STATE_GET) {
                // the payload is null, absent or {} depending on the sender; only the envelope matters
                Envelope<CurrentStateRequest> request = new Envelope<>(activityId,
                        tree.path("timestamp").asLong(0), new CurrentStateRequest());
                return new ReadResult.Accepted<>((Envelope<T>) request);
            }
            Envelope<T> envelope = (Envelope<T>) WireJson.readEnvelope(new String(raw, StandardCharsets.UTF_8),
                    kind.payloadType());
            return new ReadResult.Accepted<>(envelope);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            // the schema should have caught it; still a refusal with a reason, never a crash
            return new ReadResult.Rejected<>(activityId, "message: " + e.getMessage());
        }
    }

    /** Jackson appends where an array or object started and its source settings; the user needs neither. */
    private static String withoutParserDetails(String message) {
        String firstLine = message.lines().findFirst().orElse("");
        int detail = firstLine.indexOf(" (start marker at");
        return detail < 0 ? firstLine : firstLine.substring(0, detail);
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}

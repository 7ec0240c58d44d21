package org.vehicleupdate.messages.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.json.GsonTrees;
import org.vehicleupdate.messages.json.WireJson;

/**
 * Reads a message from the wire in steps, each of which can refuse it with a reason in the words of the
 * protocol (the path and what is wrong, never a parser's exception): the size limit (before any parsing), JSON
 * syntax (one JSON object, no field twice, nothing after it), the activityId ({@link ActivityIds}), and the
 * message's JSON Schema (draft 2020-12). Only then is it bound to the wire records, from the same parsed tree.
 * Unknown extra fields are accepted, so newer senders keep working.
 *
 * <p>A refusal carries the message's activityId only where the message has one of its own: a top-level
 * {@code "activityId"} string that {@link ActivityIds} accepts. An activityId anywhere else in a message is
 * never taken for it.
 */
public final class MessageReader {
    /** 1 MiB: far above any real desired state, far below what would hurt a small ECU. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    /** How much of an oversized message is looked at for its activityId. */
    private static final int HEAD_BYTES = 4096;
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
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
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
            return new ReadResult.Rejected<>(activityIdInHead(raw), "message: " + raw.length
                    + " bytes is over the limit of " + maxBytes + " bytes");
        }
        JsonNode tree;
        try (JsonParser parser = mapper.createParser(raw)) {
            tree = mapper.readTree(parser);
            if (tree != null && !tree.isMissingNode()) {
                Optional<String> more = trailing(parser);
                if (more.isPresent()) {
                    return new ReadResult.Rejected<>(ownActivityId(tree), more.get());
                }
            }
        } catch (JsonParseException e) {
            return new ReadResult.Rejected<>(activityIdInHead(raw), syntax(e));
        } catch (JsonProcessingException e) {
            return new ReadResult.Rejected<>(activityIdInHead(raw), "message: not valid JSON" + where(e.getLocation())
                    + ": " + withoutParserDetails(e.getOriginalMessage()));
        } catch (IOException e) {
            return new ReadResult.Rejected<>("", "message: cannot be read: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            return new ReadResult.Rejected<>("", "message: empty, expected a JSON object");
        }
        JsonNode id = tree.path("activityId");
        if (id.isTextual()) {
            Optional<String> problem = ActivityIds.problem(id.asText());
            if (problem.isPresent()) {
                return new ReadResult.Rejected<>("", "activityId: " + problem.get());
            }
        }
        String activityId = ownActivityId(tree);
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
            // bound from the tree that was validated: the text is parsed once
            Envelope<T> envelope = (Envelope<T>) WireJson.readEnvelope(GsonTrees.of(tree), kind.payloadType());
            return new ReadResult.Accepted<>(envelope);
        } catch (com.google.gson.JsonParseException | IllegalArgumentException | NullPointerException e) {
            // the checks above leave nothing that the binding refuses; if something slips through, the sender
            // still gets a reason and the service goes on
            return new ReadResult.Rejected<>(activityId, "message: does not fit the " + kind.schemaResource()
                    + " schema's types");
        }
    }

    /** The message's own activityId: its top-level string, where it can be kept exactly; otherwise empty. */
    private static String ownActivityId(JsonNode tree) {
        JsonNode id = tree.path("activityId");
        return id.isTextual() && ActivityIds.problem(id.asText()).isEmpty() ? id.asText() : "";
    }

    /** Anything after the one JSON value: a second document, garbage. */
    private static Optional<String> trailing(JsonParser parser) {
        JsonLocation end = parser.currentLocation();
        try {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            // garbage that is not even a JSON token is more content all the same
        }
        return Optional.of("message: not valid JSON" + where(end) + ": more content after the end of the message"
                + " (one JSON object per message)");
    }

    private static String syntax(JsonParseException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field") && e.getProcessor() != null) {
            return path(e.getProcessor().getParsingContext()) + ": appears twice (each field once per object)";
        }
        return "message: not valid JSON" + where(e.getLocation()) + ": " + withoutParserDetails(original);
    }

    /** {@code payload.domains[0].id}, from the parser's position. */
    private static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            String step = at.inArray() ? "[" + Math.max(0, at.getCurrentIndex()) + "]"
                    : (at.getParent() != null && !at.getParent().inRoot() ? "." : "") + at.getCurrentName();
            path.insert(0, step);
        }
        return path.length() == 0 ? "message" : path.toString();
    }

    /**
     * The top-level activityId at the start of a message that cannot be read whole (too large, cut off, broken
     * further on): the fields before it are skipped without being kept, nothing nested is looked at, and only the
     * first {@value #HEAD_BYTES} bytes are read.
     */
    public String activityIdInHead(byte[] raw) {
        try (JsonParser parser = mapper.getFactory().createParser(raw, 0, Math.min(raw.length, HEAD_BYTES))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "";
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("activityId")) {
                    if (value != JsonToken.VALUE_STRING) {
                        return "";
                    }
                    String id = parser.getText();
                    return ActivityIds.problem(id).isEmpty() ? id : "";
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // the head ends inside a field, or is not JSON: no activityId of its own can be told
        }
        return "";
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

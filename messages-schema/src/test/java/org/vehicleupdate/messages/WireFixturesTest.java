package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

class WireFixturesTest {
    private static final MessageReader READER = new MessageReader();

    static Stream<Fixtures> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyDocumentedExampleIsAcceptedAndSurvivesARoundTrip(Fixtures fixture) {
        Envelope<?> first = accepted(fixture.bytes(), fixture.kind());
        String written = WireJson.write(first);
        Envelope<?> second = accepted(written.getBytes(StandardCharsets.UTF_8), fixture.kind());

        assertEquals(first, second, "parse, write, parse changed the message");
        if (fixture.kind() != MessageKind.CURRENT_STATE_GET) {
            assertNothingLost("", JsonParser.parseString(new String(fixture.bytes(), StandardCharsets.UTF_8)),
                    JsonParser.parseString(written));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aCopyThatIsNotJsonIsRefusedWithWhereItBreaks(Fixtures fixture) {
        byte[] truncated = Arrays.copyOf(fixture.bytes(), fixture.bytes().length / 2);

        String reason = rejected(READER, truncated, fixture.kind());

        assertTrue(reason.startsWith("message: not valid JSON at line "), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aCopyOverTheSizeLimitIsRefusedBeforeParsing(Fixtures fixture) {
        MessageReader small = new MessageReader(64);

        String reason = rejected(small, fixture.bytes(), fixture.kind());

        assertEquals("message: " + fixture.bytes().length + " bytes is over the limit of 64 bytes", reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aCopyWithAWrongTypeIsRefusedNamingThePath(Fixtures fixture) {
        JsonObject message = tree(fixture);
        message.addProperty("activityId", 42);

        String reason = rejected(READER, bytes(message), fixture.kind());

        assertEquals("activityId: expected string, got integer", reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aCopyWithoutARequiredFieldIsRefusedNamingIt(Fixtures fixture) {
        JsonObject message = tree(fixture);
        String required = fixture.kind() == MessageKind.CURRENT_STATE_GET ? "activityId" : "payload";
        message.remove(required);

        String reason = rejected(READER, bytes(message), fixture.kind());

        assertEquals(required + ": required field is missing", reason);
    }

    private static Envelope<?> accepted(byte[] raw, MessageKind kind) {
        ReadResult<?> result = READER.read(raw, kind);
        if (result instanceof ReadResult.Rejected<?> rejected) {
            throw new AssertionError("refused: " + rejected.reason());
        }
        return ((ReadResult.Accepted<?>) result).envelope();
    }

    static String rejected(MessageReader reader, byte[] raw, MessageKind kind) {
        ReadResult<?> result = reader.read(raw, kind);
        return assertInstanceOf(ReadResult.Rejected.class, result).reason();
    }

    private static JsonObject tree(Fixtures fixture) {
        return JsonParser.parseString(new String(fixture.bytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static byte[] bytes(JsonElement json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every field of the original with a value is in the written copy with the same value. */
    private static void assertNothingLost(String path, JsonElement original, JsonElement written) {
        if (original.isJsonObject()) {
            for (Map.Entry<String, JsonElement> field : original.getAsJsonObject().entrySet()) {
                JsonElement value = field.getValue();
                boolean empty = value.isJsonNull() || (value.isJsonPrimitive() && value.getAsString().isEmpty());
                if (!empty) {
                    String at = path + "." + field.getKey();
                    assertTrue(written.isJsonObject() && written.getAsJsonObject().has(field.getKey()), "lost " + at);
                    assertNothingLost(at, value, written.getAsJsonObject().get(field.getKey()));
                }
            }
        } else if (original.isJsonArray()) {
            assertEquals(original.getAsJsonArray().size(), written.getAsJsonArray().size(), "length of " + path);
            for (int i = 0; i < original.getAsJsonArray().size(); i++) {
                assertNothingLost(path + "[" + i + "]", original.getAsJsonArray().get(i),
                        written.getAsJsonArray().get(i));
            }
        } else {
            assertEquals(original, written, "value of " + path);
        }
    }
}

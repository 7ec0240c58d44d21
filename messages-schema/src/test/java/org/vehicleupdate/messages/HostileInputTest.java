package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.ActivityIds;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The inputs of the hostile-input probe (issue 9) and what the reader answers: an activityId is kept exactly or
 * refused, a refusal carries only the message's own top-level activityId, and every reason is in our words.
 */
class HostileInputTest {
    private static final String DOMAINS = "\"domains\":[{\"id\":\"containers\",\"components\":[{\"id\":\"a\","
            + "\"version\":\"1\"}]}]";
    private final MessageReader reader = new MessageReader();

    private ReadResult.Rejected<?> rejected(String json) {
        return rejected(json.getBytes(StandardCharsets.UTF_8));
    }

    private ReadResult.Rejected<?> rejected(byte[] raw) {
        return assertInstanceOf(ReadResult.Rejected.class, reader.read(raw, MessageKind.DESIRED_STATE));
    }

    private Envelope<?> accepted(String json) {
        return assertInstanceOf(ReadResult.Accepted.class,
                reader.read(json.getBytes(StandardCharsets.UTF_8), MessageKind.DESIRED_STATE)).envelope();
    }

    @Test
    void anActivityIdWithAnEscapedLoneSurrogateIsRefusedWithoutAnActivityId() {
        ReadResult.Rejected<?> refused = rejected("{\"activityId\":\"\\ud800\",\"payload\":{" + DOMAINS + "}}");

        assertEquals("", refused.activityId());
        assertEquals("activityId: '\\ud800' is not valid Unicode: a lone surrogate \\ud800 at character 1",
                refused.reason());
    }

    @Test
    void anActivityIdWithAControlCharacterIsRefused() {
        ReadResult.Rejected<?> refused = rejected("{\"activityId\":\"up\\ndate\",\"payload\":{" + DOMAINS + "}}");

        assertEquals("", refused.activityId());
        assertEquals("activityId: 'up\\u000adate' contains the control character U+000A at character 3",
                refused.reason());
    }

    @Test
    void anActivityIdLongerThanTheLimitIsRefusedAndOneAtTheLimitIsKept() {
        String atLimit = "🚗".repeat(ActivityIds.MAX_LENGTH);
        assertEquals(atLimit, accepted("{\"activityId\":\"" + atLimit + "\",\"payload\":{" + DOMAINS + "}}")
                .activityId());

        ReadResult.Rejected<?> refused = rejected("{\"activityId\":\"" + "x".repeat(ActivityIds.MAX_LENGTH + 1)
                + "\",\"payload\":{" + DOMAINS + "}}");
        assertEquals("", refused.activityId());
        assertTrue(refused.reason().endsWith("...' is 257 characters long, more than the 256 allowed"),
                refused.reason());
    }

    @Test
    void anAcceptedActivityIdIsWrittenBackByteForByte() {
        String id = "\u00e9t\u00e9-\u2028-\"quoted\"-\\-🚗";
        Envelope<?> envelope = accepted("{\"activityId\":" + WireJson.write(id) + ",\"payload\":{" + DOMAINS + "}}");

        assertEquals(id, envelope.activityId());
        Envelope<?> again = WireJson.readEnvelope(WireJson.write(Envelope.of(envelope.activityId(), 1,
                DesiredStateFeedback.of(Status.IDENTIFYING, "", java.util.List.of()))), DesiredStateFeedback.class);
        assertEquals(java.util.Arrays.toString(id.getBytes(StandardCharsets.UTF_8)),
                java.util.Arrays.toString(again.activityId().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anActivityIdThatIsNotATopLevelStringIsNeverTakenFromInsideThePayload() {
        ReadResult.Rejected<?> refused = rejected(
                "{\"activityId\":99,\"payload\":{\"domains\":\"bad\",\"note\":{\"activityId\":\"victim\"}}}");

        assertEquals("", refused.activityId());
        assertEquals("activityId: expected string, got integer; payload.domains: expected array, got string",
                refused.reason());
    }

    @Test
    void anOversizedMessageIsRefusedUnderItsOwnTopLevelActivityIdOnly() {
        String big = "x".repeat(MessageReader.DEFAULT_MAX_BYTES);
        assertEquals("m3", rejected("{\"activityId\":\"m3\",\"payload\":\"" + big + "\"}").activityId());
        assertEquals("", rejected("{\"activityId\":99,\"payload\":{\"activityId\":\"victim\",\"x\":\"" + big
                + "\"}}").activityId());
        assertEquals("", rejected("{\"payload\":{\"activityId\":\"victim\",\"x\":\"" + big
                + "\"},\"activityId\":\"late\"}").activityId());
        assertEquals("message: 1048608 bytes is over the limit of 1048576 bytes",
                rejected("{\"activityId\":\"m3\",\"payload\":\"" + big + "\"}").reason());
    }

    @Test
    void aTruncatedCopyIsRefusedUnderTheActivityIdItStartsWith() {
        ReadResult.Rejected<?> refused = rejected("{\"activityId\":\"S4\",\"payload\":{\"domains\":\"ba");

        assertEquals("S4", refused.activityId());
        assertTrue(refused.reason().startsWith("message: not valid JSON at line 1, column "), refused.reason());
    }

    @Test
    void aValidMessageFollowedByGarbageIsRefusedInOurWords() {
        String valid = "{\"activityId\":\"g1\",\"payload\":{" + DOMAINS + "}}";

        ReadResult.Rejected<?> garbage = rejected(valid + "garbage");
        assertEquals("message: not valid JSON at line 1, column 104: more content after the end of the message (one"
                + " JSON object per message)", garbage.reason());
        assertEquals("g1", garbage.activityId());
        assertEquals(garbage.reason(), rejected(valid + valid).reason());
        assertFalse(garbage.reason().contains("Exception"));
    }

    @Test
    void aFieldThatAppearsTwiceIsRefusedNamingIt() {
        ReadResult.Rejected<?> refused = rejected("{\"activityId\":\"p2\",\"payload\":{\"domains\":\"bad\"},"
                + "\"payload\":{" + DOMAINS + "}}");
        assertEquals("payload: appears twice (each field once per object)", refused.reason());

        assertEquals("payload.domains[0].id: appears twice (each field once per object)", rejected(
                "{\"activityId\":\"p2\",\"payload\":{\"domains\":[{\"id\":\"a\",\"id\":\"b\"}]}}").reason());
    }

    @Test
    void aTimestampBeyondEveryClockIsRefusedInOurWords() {
        ReadResult.Rejected<?> refused = rejected("{\"activityId\":\"t1\",\"timestamp\":1000000000000000000000000000000,"
                + "\"payload\":{" + DOMAINS + "}}");

        assertEquals("t1", refused.activityId());
        assertEquals("timestamp: must be at most 9223372036854775807, got 1000000000000000000000000000000",
                refused.reason());
    }
}

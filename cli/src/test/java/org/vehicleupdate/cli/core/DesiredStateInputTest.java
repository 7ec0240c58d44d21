package org.vehicleupdate.cli.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.validation.MessageReader;

class DesiredStateInputTest {
    private static final MessageReader READER = new MessageReader();
    private final DesiredStateInput input = new DesiredStateInput(READER,
            Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC), () -> "fresh-id");

    private static final String PAYLOAD = """
            {"domains":[{"id":"containers","components":[{"id":"hello-world","version":"latest",
              "config":[{"key":"image","value":"docker.io/library/hello-world:latest"}]}]}]}""";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBarePayloadIsWrappedWithAFreshActivityIdAndTheCurrentTime() {
        DesiredStateInput.Ready ready = assertInstanceOf(DesiredStateInput.Ready.class,
                input.prepare(bytes(PAYLOAD), false));
        assertTrue(ready.wrapped());
        assertEquals("fresh-id", ready.envelope().activityId());
        assertEquals(1_700_000_000_000L, ready.envelope().timestamp());
        assertEquals("hello-world", ready.envelope().payload().domains().get(0).components().get(0).id());
        String published = new String(ready.message(), StandardCharsets.UTF_8);
        assertTrue(published.startsWith("{\"activityId\":\"fresh-id\",\"timestamp\":1700000000000,\"payload\":{"),
                published);
    }

    @Test
    void aWholeEnvelopeIsPublishedExactlyAsWritten() {
        String envelope = "{\"activityId\": \"mine-1\", \"timestamp\": 5, \"payload\": " + PAYLOAD + "}";
        DesiredStateInput.Ready ready = assertInstanceOf(DesiredStateInput.Ready.class,
                input.prepare(bytes(envelope), false));
        assertFalse(ready.wrapped());
        assertFalse(ready.idAssigned());
        assertEquals("mine-1", ready.envelope().activityId());
        assertArrayEquals(bytes(envelope), ready.message());
    }

    @Test
    void anEnvelopeWithoutActivityIdOrAskedForANewOneGetsAFreshId() {
        DesiredStateInput.Ready missing = assertInstanceOf(DesiredStateInput.Ready.class,
                input.prepare(bytes("{\"payload\": " + PAYLOAD + "}"), false));
        assertEquals("fresh-id", missing.envelope().activityId());
        assertTrue(missing.idAssigned());

        DesiredStateInput.Ready renewed = assertInstanceOf(DesiredStateInput.Ready.class,
                input.prepare(bytes("{\"activityId\": \"old\", \"timestamp\": 5, \"payload\": " + PAYLOAD + "}"), true));
        assertEquals("fresh-id", renewed.envelope().activityId());
        assertEquals(1_700_000_000_000L, renewed.envelope().timestamp());
    }

    @Test
    void aSchemaViolationIsRefusedWithThePathAndTheReason() {
        String wrongType = "{\"activityId\":\"a\",\"payload\":{\"domains\":[{\"id\":\"containers\",\"components\":["
                + "{\"id\":\"x\",\"version\":\"1\"},{\"id\":\"y\",\"version\":\"1\"},{\"id\":\"z\",\"version\":2}]}]}}";
        assertEquals(new DesiredStateInput.Refused("payload.domains[0].components[2].version: expected string, got"
                + " integer"), input.prepare(bytes(wrongType), false));
    }

    @Test
    void aBarePayloadsViolationNamesThePathInTheMessageThatWouldBeSent() {
        DesiredStateInput.Refused refused = assertInstanceOf(DesiredStateInput.Refused.class,
                input.prepare(bytes("{\"domains\":[{\"components\":[]}]}"), false));
        assertTrue(refused.reason().startsWith("payload.domains[0]"), refused.reason());
    }

    @Test
    void textThatIsNotJsonIsRefusedWithLineAndColumn() {
        DesiredStateInput.Refused refused = assertInstanceOf(DesiredStateInput.Refused.class,
                input.prepare(bytes("{\"domains\": [\n"), false));
        assertTrue(refused.reason().startsWith("message: not valid JSON at line 2"), refused.reason());
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedBeforeParsing() {
        DesiredStateInput small = new DesiredStateInput(new MessageReader(64), Clock.systemUTC(), () -> "id");
        DesiredStateInput.Refused refused = assertInstanceOf(DesiredStateInput.Refused.class,
                small.prepare(bytes(PAYLOAD), false));
        assertTrue(refused.reason().contains("over the limit of 64 bytes"), refused.reason());
    }

    @Test
    void aSignedMessageIsPublishedAsItIsAndNeverGetsANewActivityId() {
        String signed = "{\"activityId\":\"a1\",\"timestamp\":1,\"payload\":" + PAYLOAD
                + ",\"signature\":{\"signatures\":[]}}";

        DesiredStateInput.Ready ready = assertInstanceOf(DesiredStateInput.Ready.class,
                input.prepare(bytes(signed), false));
        assertArrayEquals(bytes(signed), ready.message());
        DesiredStateInput.Refused refused = assertInstanceOf(DesiredStateInput.Refused.class,
                input.prepare(bytes(signed), true));
        assertEquals("signature: a signed message cannot get a new activityId; sign it again with one"
                + " (vehicle-update sign --activity ID ...)", refused.reason());
    }
}

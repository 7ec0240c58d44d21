package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

class MessageReaderTest {
    private final MessageReader reader = new MessageReader();

    private String reason(String json, MessageKind kind) {
        return WireFixturesTest.rejected(reader, json.getBytes(StandardCharsets.UTF_8), kind);
    }

    @Test
    void aWrongTypeDeepInADesiredStateIsNamedByItsFullPath() {
        String json = """
                {"activityId":"a1","timestamp":1,"payload":{"domains":[{"id":"containers","components":[
                  {"id":"a","version":"1"},{"id":"b","version":"1"},{"id":"c","version":1.5}]}]}}""";

        assertEquals("payload.domains[0].components[2].version: expected string, got number",
                reason(json, MessageKind.DESIRED_STATE));
    }

    @Test
    void anUnknownStatusIsRefusedWithTheAllowedValues() {
        String json = """
                {"activityId":"a1","payload":{"status":"FINISHED"}}""";

        String reason = reason(json, MessageKind.DESIRED_STATE_FEEDBACK);

        assertEquals("payload.status: expected one of [\"IDENTIFYING\"", reason.substring(0, 46));
        assertEquals(", got \"FINISHED\"", reason.substring(reason.length() - 16));
    }

    @Test
    void anUnknownCommandIsRefused() {
        assertEquals("payload.command: expected one of [\"DOWNLOAD\",\"UPDATE\",\"ACTIVATE\",\"CLEANUP\",\"ROLLBACK\"],"
                        + " got \"FOO\"",
                reason("{\"activityId\":\"a1\",\"payload\":{\"command\":\"FOO\"}}", MessageKind.DESIRED_STATE_COMMAND));
    }

    @Test
    void theActivityIdOfARefusedMessageIsKeptForTheFeedback() {
        ReadResult<?> result = reader.read("{\"activityId\":\"a7\",\"payload\":{\"domains\":\"x\"}}"
                .getBytes(StandardCharsets.UTF_8), MessageKind.DESIRED_STATE);

        ReadResult.Rejected<?> rejected = assertInstanceOf(ReadResult.Rejected.class, result);
        assertEquals("a7", rejected.activityId());
        assertEquals("payload.domains: expected array, got string", rejected.reason());
    }

    @Test
    void aParameterWithoutAValueAsKantoWritesAnEmptyOneIsReadAsEmpty() {
        // Kanto's KeyValuePair has omitempty: an inventory parameter with an empty value comes without "value"
        String json = "{\"activityId\":\"a1\",\"payload\":{\"softwareNodes\":[{\"id\":\"self-update:rootfs.1\","
                + "\"version\":\"\",\"type\":\"IMAGE\",\"parameters\":[{\"key\":\"slot\"},{\"key\":\"state\",\"value\":\"inactive\"}]}]}}";

        ReadResult<Inventory> result = reader.read(json.getBytes(StandardCharsets.UTF_8), MessageKind.CURRENT_STATE);

        ReadResult.Accepted<?> accepted = assertInstanceOf(ReadResult.Accepted.class, result, () -> result.toString());
        Inventory inventory = (Inventory) accepted.envelope().payload();
        assertEquals(List.of(new KeyValue("slot", ""), new KeyValue("state", "inactive")),
                inventory.softwareNodes().get(0).parameters());
    }

    @Test
    void anEmptyMessageIsRefused() {
        assertEquals("message: empty, expected a JSON object", reason("", MessageKind.DESIRED_STATE));
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsRefused() {
        assertEquals("message: expected object, got array", reason("[1,2]", MessageKind.DESIRED_STATE));
    }

    @Test
    void unknownExtraFieldsAreAcceptedForForwardCompatibility() {
        String json = """
                {"activityId":"a1","future":true,"payload":{"domains":[{"id":"containers","shiny":[1],
                  "components":[{"id":"x","version":"1","extra":{"k":1}}]}]}}""";

        ReadResult<DesiredState> result = reader.read(json.getBytes(StandardCharsets.UTF_8), MessageKind.DESIRED_STATE);

        DesiredState state = assertInstanceOf(ReadResult.Accepted.class, result).envelope().payload() instanceof
                DesiredState d ? d : null;
        assertEquals(List.of(new Component("x", "1", List.of())), state.domains().get(0).components());
    }

    @Test
    void aCurrentStateRequestWithANullPayloadIsAcceptedAsKantoSendsIt() {
        ReadResult<CurrentStateRequest> result = reader.read(
                "{\"activityId\":\"g1\",\"timestamp\":5,\"payload\":null}".getBytes(StandardCharsets.UTF_8),
                MessageKind.CURRENT_STATE_GET);

        assertEquals(new Envelope<>("g1", 5, new CurrentStateRequest()),
                assertInstanceOf(ReadResult.Accepted.class, result).envelope());
    }
}

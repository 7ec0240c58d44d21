package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.json.GsonTrees;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageKind;

/** Binding from the parsed tree gives the same records as binding from the text did. */
class GsonTreesTest {
    private final ObjectMapper mapper = new ObjectMapper();

    static Stream<Fixtures> fixtures() {
        return Fixtures.all().filter(f -> f.kind() != MessageKind.CURRENT_STATE_GET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aMessageBoundFromItsTreeEqualsTheOneBoundFromItsText(Fixtures fixture) throws IOException {
        String text = new String(fixture.bytes(), StandardCharsets.UTF_8);
        Envelope<?> fromText = WireJson.readEnvelope(text, fixture.kind().payloadType());
        Envelope<?> fromTree = WireJson.readEnvelope(GsonTrees.of(mapper.readTree(text)),
                fixture.kind().payloadType());
        assertEquals(fromText, fromTree);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theTreeWritesBackTheSameJson(Fixtures fixture) throws IOException {
        String text = new String(fixture.bytes(), StandardCharsets.UTF_8);
        assertEquals(com.google.gson.JsonParser.parseString(text), GsonTrees.of(mapper.readTree(text)));
    }
}

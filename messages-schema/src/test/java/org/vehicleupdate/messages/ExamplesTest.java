package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/** The files in the repository's {@code examples/} say what the README promises of them. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private final MessageReader reader = new MessageReader();

    static Stream<Path> desiredStates() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static Stream<Path> selfUpdateCommands() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("self-update-commands"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("desiredStates")
    void everyExampleDesiredStateIsValid(Path file) throws IOException {
        assertInstanceOf(ReadResult.Accepted.class, reader.read(Files.readAllBytes(file), MessageKind.DESIRED_STATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selfUpdateCommands")
    void everyExampleCommandIsValid(Path file) throws IOException {
        assertInstanceOf(ReadResult.Accepted.class,
                reader.read(Files.readAllBytes(file), MessageKind.DESIRED_STATE_COMMAND));
    }

    /** Things mode wraps a desired state in a Ditto message; update-manager's ThingsExamplesTest reads the rest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("thingsApplies")
    void everyThingsApplyCarriesAValidDesiredState(Path file) throws IOException {
        com.google.gson.JsonObject value = com.google.gson.JsonParser.parseString(Files.readString(file))
                .getAsJsonObject().getAsJsonObject("value");
        com.google.gson.JsonObject envelope = new com.google.gson.JsonObject();
        envelope.add("activityId", value.get("activityId"));
        envelope.add("timestamp", value.get("timestamp"));
        envelope.add("payload", value.get("desiredState"));
        assertInstanceOf(ReadResult.Accepted.class,
                reader.read(envelope.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        MessageKind.DESIRED_STATE));
    }

    static Stream<Path> thingsApplies() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("things"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("apply")).sorted().toList().stream();
        }
    }

    @Test
    void theBadExamplesAreRefusedForTheReasonsTheReadmeShows() throws IOException {
        assertEquals("message: not valid JSON at line 1, column 57: Unexpected end-of-input: expected close marker"
                + " for Array", reason("not-json.txt", MessageKind.DESIRED_STATE));
        assertEquals("payload.domains[0].components[0].version: expected string, got number",
                reason("wrong-type.json", MessageKind.DESIRED_STATE));
        assertEquals("payload.domains[0].id: required field is missing",
                reason("missing-field.json", MessageKind.DESIRED_STATE));
        assertEquals("payload.command: expected one of [\"DOWNLOAD\",\"UPDATE\",\"ACTIVATE\",\"CLEANUP\",\"ROLLBACK\"],"
                + " got \"REBOOT_NOW\"", reason("unknown-command.json", MessageKind.DESIRED_STATE_COMMAND));
    }

    private String reason(String file, MessageKind kind) throws IOException {
        ReadResult<?> result = reader.read(Files.readAllBytes(EXAMPLES.resolve("bad").resolve(file)), kind);
        return assertInstanceOf(ReadResult.Rejected.class, result).reason();
    }
}

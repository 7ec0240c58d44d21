package org.vehicleupdate.updatemanager.trust;

import org.vehicleupdate.updatemanager.store.ManagerJournal;
import org.vehicleupdate.updatemanager.store.RootJournal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/** examples/signed/ holds exactly the examples, signed for the demo vehicle under the demo root. */
class SignedExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path SIGNED = EXAMPLES.resolve("signed");

    static Stream<Path> signedExamples() throws IOException {
        try (Stream<Path> files = Files.list(SIGNED)) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("root.json")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedExamples")
    void everySignedExampleIsTheExampleAndPassesTheDemoVehiclesDoor(Path file) throws Exception {
        Path data = Files.createTempDirectory("signed-example");
        TrustGate gate = new TrustGate("demo-vehicle", SIGNED.resolve("root.json"), new RootJournal(data),
                new ManagerJournal(data), Clock.systemUTC());
        byte[] raw = Files.readAllBytes(file);

        assertThat(gate.admit(raw, new MessageReader().read(raw, MessageKind.DESIRED_STATE)))
                .isInstanceOf(ReadResult.Accepted.class);
        ObjectNode example = CanonicalJson.readObject(Files.readAllBytes(EXAMPLES.resolve(file.getFileName())),
                "example");
        assertThat(CanonicalJson.canonicalWithout(CanonicalJson.readObject(raw, "signed"), SignedMessage.MEMBER))
                .as("%s is the example as it is now (run examples/signed/sign-examples.sh)", file)
                .isEqualTo(CanonicalJson.canonical(example));
    }
}

package org.vehicleupdate.updatemanager.things;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/** The files in {@code examples/things/} reach the feature of the virtual vehicle's thing as the README says. */
class ThingsExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private final MessageReader reader = new MessageReader();
    private final FeatureValues values = new FeatureValues(reader);

    private static InboxRequest request(String file, String subject) throws IOException {
        return InboxRequest.parse("command///req/example-1/" + subject,
                Files.readAllBytes(EXAMPLES.resolve("things").resolve(file)));
    }

    @Test
    void applyCombinedCarriesTheCombinedExampleToTheVirtualVehiclesFeature() throws IOException {
        InboxRequest apply = request("apply-combined.json", "apply");
        assertThat(apply.thing().toString()).isEqualTo("demo:virtual-vehicle");
        assertThat(apply.featureId()).contains(UpdateManagerFeature.ID);
        assertThat(apply.subject()).isEqualTo(UpdateManagerFeature.APPLY);
        assertThat(apply.responseRequired()).isTrue();
        ReadResult<DesiredState> read = values.apply(apply.value());
        ReadResult<DesiredState> plain = reader.read(Files.readAllBytes(EXAMPLES.resolve("combined-update.json")),
                MessageKind.DESIRED_STATE);
        assertThat(((ReadResult.Accepted<DesiredState>) read).envelope().payload())
                .isEqualTo(((ReadResult.Accepted<DesiredState>) plain).envelope().payload());
    }

    @Test
    void refreshAsksForTheInventory() throws IOException {
        InboxRequest refresh = request("refresh.json", "refresh");
        assertThat(refresh.thing().toString()).isEqualTo("demo:virtual-vehicle");
        assertThat(refresh.subject()).isEqualTo(UpdateManagerFeature.REFRESH);
        assertThat(values.refresh(refresh.value())).isInstanceOf(ReadResult.Accepted.class);
    }
}

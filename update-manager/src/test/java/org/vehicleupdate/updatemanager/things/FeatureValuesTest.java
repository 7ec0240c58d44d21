package org.vehicleupdate.updatemanager.things;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.OwnerConsentFeedback;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

class FeatureValuesTest {
    private final FeatureValues values = new FeatureValues(new MessageReader());

    private static JsonValue json(String text) {
        return JsonFactory.readFrom(text);
    }

    private static String reason(ReadResult<?> result) {
        assertThat(result).isInstanceOf(ReadResult.Rejected.class);
        return ((ReadResult.Rejected<?>) result).reason();
    }

    @Test
    void anApplyValueIsTheDesiredStateWithItsActivity() {
        ReadResult<DesiredState> read = values.apply(json("{\"activityId\":\"a-1\",\"timestamp\":5,\"desiredState\":"
                + "{\"domains\":[{\"id\":\"containers\",\"components\":[{\"id\":\"x\",\"version\":\"1\"}]}]}}"));
        ReadResult.Accepted<DesiredState> accepted = (ReadResult.Accepted<DesiredState>) read;
        assertThat(accepted.envelope().activityId()).isEqualTo("a-1");
        assertThat(accepted.envelope().timestamp()).isEqualTo(5);
        assertThat(accepted.envelope().payload().domains()).hasSize(1);
    }

    @Test
    void refusalsNameThePathsOfTheValue() {
        assertThat(reason(values.apply(json("{\"activityId\":\"a\",\"timestamp\":1}"))))
                .isEqualTo("desiredState: required field is missing");
        assertThat(reason(values.apply(json("{\"activityId\":\"a\",\"timestamp\":1,\"desiredState\":"
                + "{\"domains\":[{\"components\":[]}]}}")))).isEqualTo("desiredState.domains[0].id: required field is missing");
        assertThat(reason(values.apply(json("\"apply me\""))))
                .isEqualTo("value: expected an object with activityId, timestamp and desiredState, got \"apply me\"");
        assertThat(reason(values.apply(JsonValue.nullLiteral())))
                .isEqualTo("value: expected an object with activityId, timestamp and desiredState, got nothing");
        assertThat(reason(values.consent(json("{\"activityId\":\"a\",\"timestamp\":1,\"ownerConsentFeedback\":"
                + "{\"status\":\"MAYBE\"}}")))).startsWith("ownerConsentFeedback.status: expected one of");
    }

    @Test
    void aConsentValueIsTheOwnersAnswer() {
        ReadResult<OwnerConsentFeedback> read = values.consent(json("{\"activityId\":\"a\",\"timestamp\":1,"
                + "\"ownerConsentFeedback\":{\"status\":\"DENIED\"}}"));
        assertThat(((ReadResult.Accepted<OwnerConsentFeedback>) read).envelope().payload().status())
                .isEqualTo(ConsentStatus.DENIED);
    }

    @Test
    void aRequestWithoutTheResponseRequiredHeaderWantsNoAnswerAsWithKanto() {
        String envelope = "{\"topic\":\"demo/vehicle-1/things/live/messages/refresh\",\"headers\":{},"
                + "\"path\":\"/features/UpdateManager/inbox/messages/refresh\",\"value\":{\"activityId\":\"r\"}}";
        InboxRequest request = InboxRequest.parse("command///req/r-1/refresh",
                envelope.getBytes(StandardCharsets.UTF_8));
        assertThat(request.responseRequired()).isFalse();
        assertThat(request.requestId()).contains("r-1");
        assertThat(request.featureId()).contains("UpdateManager");
        assertThat(request.subject()).isEqualTo("refresh");
        assertThat(request.thing().toString()).isEqualTo("demo:vehicle-1");
    }
}

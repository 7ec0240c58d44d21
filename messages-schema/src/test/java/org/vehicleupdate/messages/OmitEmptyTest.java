package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.json.WireJson;

/** Kanto's omitempty: an empty string is left out at every depth of a written message, nothing else is. */
class OmitEmptyTest {
    @Test
    void emptyStringsAreLeftOutAtEveryDepthAndInArraysTheyStay() {
        Envelope<DesiredStateFeedback> message = Envelope.of("", 5, DesiredStateFeedback.of(Status.RUNNING, "",
                List.of(new Action(new ComponentRef("containers:app", ""), ActionStatus.UPDATING, 0, ""))));

        assertEquals("{\"timestamp\":5,\"payload\":{\"status\":\"RUNNING\",\"actions\":[{\"component\":"
                + "{\"id\":\"containers:app\"},\"status\":\"UPDATING\",\"progress\":0}]}}", WireJson.write(message));
    }

    @Test
    void aWrittenMessageReadsBackEqual() {
        Envelope<DesiredStateFeedback> message = Envelope.of("a1", 5, DesiredStateFeedback.of(Status.COMPLETED,
                "done", List.of(new Action(new ComponentRef("containers:app", "1.0"), ActionStatus.UPDATE_SUCCESS, 100,
                        "ok"))));

        assertEquals(message, WireJson.readEnvelope(WireJson.write(message), DesiredStateFeedback.class));
    }
}

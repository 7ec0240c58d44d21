package org.vehicleupdate.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;

class FeedbackLinesTest {
    private final FeedbackLines lines = new FeedbackLines(ZoneOffset.UTC);
    private static final Instant RECEIVED = Instant.parse("2026-11-22T12:00:00.500Z");

    @Test
    void aMessageIsALineWithTimeSourceActivityStatusAndMessageThenALinePerAction() {
        Envelope<DesiredStateFeedback> feedback = Envelope.of("act-7", Instant.parse("2026-11-22T11:59:59.250Z")
                .toEpochMilli(), DesiredStateFeedback.of(Status.RUNNING, "downloading", List.of(
                        new Action(new ComponentRef("containers:app", "2"), ActionStatus.DOWNLOADING, 40, "pulling"),
                        new Action(new ComponentRef("self-update:os", "2.0"), ActionStatus.IDENTIFIED, 0, ""))));

        assertEquals(List.of("11:59:59.250  vehicleupdate  act-7  RUNNING  downloading",
                "    containers:app  DOWNLOADING  40%  pulling",
                "    self-update:os  IDENTIFIED  0%"),
                lines.format("vehicleupdate/desiredstatefeedback", feedback, RECEIVED));
    }

    @Test
    void withoutTimestampOrActivityIdTheArrivalTimeAndADashAreShown() {
        Envelope<DesiredStateFeedback> feedback = Envelope.of("", 0,
                DesiredStateFeedback.of(Status.IDENTIFYING, "", List.of()));
        assertEquals(List.of("12:00:00.500  selfupdate  -  IDENTIFYING"),
                lines.format("selfupdate/desiredstatefeedback", feedback, RECEIVED));
        assertEquals("12:00:00.500  containersupdate  x  INVALID  payload: required field is missing",
                lines.formatInvalid("containersupdate/desiredstatefeedback", "x",
                        "payload: required field is missing", RECEIVED));
    }
}

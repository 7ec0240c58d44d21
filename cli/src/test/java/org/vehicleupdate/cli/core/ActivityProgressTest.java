package org.vehicleupdate.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;

class ActivityProgressTest {
    private static final String ID = "activity-1";
    private final ActivityProgress progress = new ActivityProgress(ID);

    private static Envelope<DesiredStateFeedback> feedback(String activityId, Status status, String message,
            Action... actions) {
        return Envelope.of(activityId, 1_700_000_000_000L, DesiredStateFeedback.of(status, message, List.of(actions)));
    }

    private static Action action(String component, ActionStatus status, int progress, String message) {
        return new Action(new ComponentRef(component, "2.0"), status, progress, message);
    }

    @Test
    void anUpdateFollowedToCompletedEndsWithExitCodeZeroAndTheManagersMessage() {
        progress.onVehicleFeedback(feedback(ID, Status.IDENTIFYING, ""));
        progress.onVehicleFeedback(feedback(ID, Status.RUNNING, "",
                action("containers:app", ActionStatus.DOWNLOADING, 40, "pulling")));
        assertFalse(progress.isOver());

        progress.onVehicleFeedback(feedback(ID, Status.COMPLETED, "all domains updated",
                action("containers:app", ActionStatus.UPDATE_SUCCESS, 100, "")));

        assertEquals(new Outcome("COMPLETED", "all domains updated", ExitCode.OK), progress.outcome().orElseThrow());
    }

    @Test
    void incompleteAndIdentificationFailedEndWithExitCodeOne() {
        progress.onVehicleFeedback(feedback(ID, Status.INCOMPLETE, "self-update failed: bad signature; containers"
                + " rolled back"));
        assertEquals(ExitCode.UPDATE_FAILED, progress.outcome().orElseThrow().exitCode());
        assertEquals("self-update failed: bad signature; containers rolled back",
                progress.outcome().orElseThrow().message());

        ActivityProgress refused = new ActivityProgress("other");
        refused.onVehicleFeedback(feedback("other", Status.IDENTIFICATION_FAILED,
                "Another update activity in progress - activity-1"));
        assertEquals(new Outcome("IDENTIFICATION_FAILED", "Another update activity in progress - activity-1",
                ExitCode.UPDATE_FAILED), refused.outcome().orElseThrow());
    }

    @Test
    void feedbackOfAnotherActivityIsIgnoredEvenWhenItIsFinal() {
        assertEquals(List.of(), progress.onVehicleFeedback(feedback("someone-else", Status.COMPLETED, "")));
        assertEquals(List.of(), progress.onDomainFeedback("containers", feedback("someone-else", Status.UPDATING, "")));
        assertEquals(List.of(), progress.onUnreadable("vehicleupdate/desiredstatefeedback", "someone-else", "bad"));
        assertFalse(progress.isOver());
    }

    @Test
    void eachChangeIsShownOnceAndARepeatedMessageShowsNothing() {
        List<ProgressChange> first = progress.onVehicleFeedback(feedback(ID, Status.RUNNING, "",
                action("containers:app", ActionStatus.DOWNLOADING, 10, ""),
                action("self-update:os", ActionStatus.DOWNLOADING, 0, "")));
        assertEquals(3, first.size(), "the status and both components");

        assertEquals(List.of(), progress.onVehicleFeedback(feedback(ID, Status.RUNNING, "",
                action("containers:app", ActionStatus.DOWNLOADING, 10, ""),
                action("self-update:os", ActionStatus.DOWNLOADING, 0, ""))));

        List<ProgressChange> moved = progress.onVehicleFeedback(feedback(ID, Status.RUNNING, "",
                action("containers:app", ActionStatus.DOWNLOADING, 10, ""),
                action("self-update:os", ActionStatus.DOWNLOADING, 55, "")));
        assertEquals(List.of(new ProgressChange.ComponentStatus("self-update:os", "self-update", "2.0",
                ActionStatus.DOWNLOADING, 55, "")), moved);
    }

    @Test
    void theStatusHeadsItsActionsButTheFinalStatusComesLast() {
        List<ProgressChange> identified = progress.onVehicleFeedback(feedback(ID, Status.IDENTIFIED, "",
                action("containers:app", ActionStatus.IDENTIFIED, 0, "")));
        assertTrue(identified.get(0) instanceof ProgressChange.ActivityStatus);

        List<ProgressChange> completed = progress.onVehicleFeedback(feedback(ID, Status.COMPLETED, "",
                action("containers:app", ActionStatus.UPDATE_SUCCESS, 100, "")));
        assertTrue(completed.get(0) instanceof ProgressChange.ComponentStatus);
        assertEquals(new ProgressChange.ActivityStatus(Status.COMPLETED, ""), completed.get(1));
    }

    @Test
    void aDomainAgentsFeedbackShowsThatDomainsPhase() {
        assertEquals(List.of(new ProgressChange.DomainStatus("self-update", Status.DOWNLOADING, "fetching bundle")),
                progress.onDomainFeedback("self-update", feedback(ID, Status.DOWNLOADING, "fetching bundle")));
        assertEquals(List.of(), progress.onDomainFeedback("self-update",
                feedback(ID, Status.DOWNLOADING, "fetching bundle")));
        assertFalse(progress.isOver(), "only the update-manager's final status ends the activity");
        progress.onDomainFeedback("self-update", feedback(ID, Status.COMPLETED, ""));
        assertFalse(progress.isOver());
    }

    @Test
    void anUnreadableMessageOfThisActivityIsAWarningNotTheEnd() {
        assertEquals(List.of(new ProgressChange.UnreadableFeedback("vehicleupdate/desiredstatefeedback",
                "payload.status: expected one of [...]")), progress.onUnreadable("vehicleupdate/desiredstatefeedback",
                ID, "payload.status: expected one of [...]"));
        assertFalse(progress.isOver());
    }

    @Test
    void nothingAfterTheFinalStatusChangesTheOutcome() {
        progress.onVehicleFeedback(feedback(ID, Status.COMPLETED, "done"));
        assertEquals(List.of(), progress.onVehicleFeedback(feedback(ID, Status.INCOMPLETE, "late duplicate")));
        assertEquals("COMPLETED", progress.outcome().orElseThrow().status());
    }

    @Test
    void aTimeoutEndsWithExitCodeThreeAndSaysWhatWasLastKnown() {
        Outcome silent = new ActivityProgress("quiet").timedOut(Duration.ofMinutes(30));
        assertEquals(new Outcome("TIMEOUT", "no final status within 30m0s; no feedback at all for activity quiet"
                + " (is the update-manager running?)", ExitCode.TIMED_OUT), silent);

        progress.onVehicleFeedback(feedback(ID, Status.RUNNING, "awaiting reboot"));
        assertEquals("no final status within 5s; last status RUNNING: awaiting reboot",
                progress.timedOut(Duration.ofSeconds(5)).message());
    }
}

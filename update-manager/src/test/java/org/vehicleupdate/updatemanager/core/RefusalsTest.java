package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.updatemanager.testing.LogCapture;

/**
 * One final status per activity, always under the sender's own id, in Kanto's order (issue 9): what the
 * orchestration answers to the probe's messages.
 */
class RefusalsTest {
    private static final Set<Status> FINAL = Set.of(Status.COMPLETED, Status.INCOMPLETE,
            Status.IDENTIFICATION_FAILED);

    @TempDir
    Path dir;

    private Harness harness() {
        return new Harness(dir, Harness.noReboot(Harness.settings()));
    }

    private static List<Status> statusesOf(Harness h, String activityId) {
        List<Status> statuses = new ArrayList<>();
        for (int i = 0; i < h.outbox.feedback.size(); i++) {
            if (h.outbox.feedbackActivities.get(i).equals(activityId)) {
                statuses.add(h.outbox.feedback.get(i).status());
            }
        }
        return statuses;
    }

    @Test
    void anInvalidDesiredStateWithTheRunningActivitysIdGivesThatActivityNoOtherStatus() {
        Harness h = harness();
        h.agents.script("containers").silentOn = Set.of(Command.DOWNLOAD);
        h.apply("S4", Harness.desired("containers"));
        assertThat(h.orchestrator.activePhase()).contains(OrchestrationPhase.DOWNLOAD);

        h.orchestrator.onDesiredStateRejected("S4", "payload.domains: expected array, got string");
        h.orchestrator.onDesiredStateRejected("S4", "message: not valid JSON at line 1, column 40: Unexpected"
                + " end-of-input");

        assertThat(h.outbox.feedbackActivities).containsSubsequence("", "");
        assertThat(h.outbox.last()).isEqualTo(DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                "invalid desired state: message: not valid JSON at line 1, column 40: Unexpected end-of-input; its"
                        + " activityId 'S4' is that of the activity in progress, so this answer carries none",
                List.of()));
        h.agents.script("containers").silentOn = Set.of();
        h.orchestrator.onAgentFeedback("containers", "S4", DesiredStateFeedback.of(Status.DOWNLOAD_SUCCESS, "",
                List.of()));
        h.agents.deliver();
        assertThat(statusesOf(h, "S4")).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.RUNNING,
                Status.COMPLETED);
    }

    @Test
    void anInvalidDesiredStateWithAFinishedActivitysIdGivesItNoOtherStatus() {
        Harness h = harness();
        h.apply("done", Harness.desired("containers"));

        h.orchestrator.onDesiredStateRejected("done", "payload: required field is missing");

        assertThat(statusesOf(h, "done")).filteredOn(FINAL::contains).containsExactly(Status.COMPLETED);
        assertThat(h.outbox.feedbackActivities).last().isEqualTo("");
        assertThat(h.outbox.last().message()).endsWith("its activityId 'done' is that of a finished activity, so"
                + " this answer carries none");
    }

    @Test
    void anEmptyActivityIdIsAnsweredWithoutOneAndLogged() {
        Harness h = harness();
        try (LogCapture log = LogCapture.of(Orchestrator.class)) {
            h.orchestrator.onDesiredState("", Harness.desired("containers"));

            assertThat(log.lines()).containsExactly("WARNING [] desired state refused: activityId must not be empty");
        }
        assertThat(h.outbox.feedbackActivities).containsExactly("");
        assertThat(h.outbox.last()).isEqualTo(DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                "invalid desired state: activityId must not be empty", List.of()));
        assertThat(h.outbox.commands()).isEmpty();
    }

    @Test
    void aRedeliveredDesiredStateOfAFinishedActivityIsAnsweredWithItsResultEvenWhileAnotherRuns() {
        Harness h = harness();
        h.apply("first", Harness.desired("containers"));
        h.agents.script("containers").silentOn = Set.of(Command.DOWNLOAD);
        h.apply("second", Harness.desired("containers"));

        h.orchestrator.onDesiredState("first", Harness.desired("containers"));

        assertThat(h.outbox.feedbackActivities).last().isEqualTo("first");
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void theFinalMessageNamesEveryDomainThatFailedOnce() {
        Harness h = harness();
        h.agents.script("containers").failOn = Command.ACTIVATE;
        h.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        h.apply("f1", Harness.desired("self-update", "containers"));
        h.time.advance(Duration.ofMinutes(10));
        h.agents.deliver();

        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).isEqualTo("the update process is incompleted: domain 'containers'"
                + " failed in ACTIVATE (ACTIVATION_FAILURE: disk full); no answer from self-update in phase ACTIVATE"
                + " within 10m0s; rolled back: self-update, containers");
    }

    @Test
    void afterAKillDuringIdentificationTheSequenceStaysInKantosOrder() {
        Harness h = harness();
        h.orchestrator.onDesiredState("k1", Harness.desired("containers", "self-update"));
        h.agents.deliverOne(); // containers says IDENTIFYING, then the manager is killed
        h.agents.drop();

        Harness after = h.restarted();
        after.orchestrator.start();
        // the broker delivers the desired state again: answered with the status the restart published
        after.orchestrator.onDesiredState("k1", Harness.desired("containers", "self-update"));
        after.agents.deliver();

        List<Status> seen = new ArrayList<>(h.outbox.statuses());
        seen.addAll(after.outbox.statuses());
        assertThat(seen).containsExactly(Status.IDENTIFYING, Status.IDENTIFYING, Status.IDENTIFYING,
                Status.IDENTIFIED, Status.RUNNING, Status.COMPLETED);
        assertThat(after.outbox.commands()).filteredOn(c -> c.endsWith("desiredstate"))
                .containsExactly("containers desiredstate", "self-update desiredstate");
    }

    @Test
    void aRedeliveryIsAnsweredWithTheLastStatusThatWasPublishedNotOneTheThrottleHeldBack() {
        ManagerSettings d = Harness.noReboot(Harness.settings());
        // Kanto's rule: reportFeedbackInterval 0 sends no RUNNING at all
        Harness h = new Harness(dir, new ManagerSettings(d.domain(), d.agents(), d.rebootEnabled(), d.rebootAfter(),
                Duration.ZERO, d.currentStateDelay(), d.phaseTimeout(), d.ownerConsentCommands(),
                d.ownerConsentTimeout(), d.failurePolicy(), d.recentActivities()));
        h.agents.script("containers").silentOn = Set.of(Command.DOWNLOAD);
        h.apply("quiet", Harness.desired("containers"));
        assertThat(h.orchestrator.activePhase()).contains(OrchestrationPhase.DOWNLOAD);

        h.orchestrator.onDesiredState("quiet", Harness.desired("containers"));

        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.IDENTIFIED);
    }

    @Test
    void aDesiredStateWhoseAnswersWouldNotFitAMessageIsRefusedUpFrontNamingTheLimit() {
        Harness h = harness();
        ManagerInbox inbox = new ManagerInbox(h.orchestrator, h.inventory, MessageReader.DEFAULT_MAX_BYTES);
        List<Component> components = IntStream.range(0, 10_000)
                .mapToObj(i -> new Component("component-" + i, "1.0", List.of())).toList();
        DesiredState huge = new DesiredState(List.of(), List.of(new Domain("self-update", List.of(), components)));

        inbox.onDesiredState(new ReadResult.Accepted<>(Envelope.of("big", 1, huge)));

        assertThat(h.outbox.feedbackActivities).containsExactly("big");
        assertThat(h.outbox.last()).isEqualTo(DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                "invalid desired state: payload.domains: 10000 components in all, more than the 2048 whose feedback"
                        + " fits in one message within the limit of 1048576 bytes (512 bytes for each component's"
                        + " action)", List.of()));
        assertThat(h.outbox.commands()).isEmpty();
    }

    @Test
    void anAgentAnswerOverTheSizeLimitIsLoggedWithItsActivityId() {
        Harness h = harness();
        ManagerInbox inbox = new ManagerInbox(h.orchestrator, h.inventory, 1024);
        String answer = "{\"activityId\":\"big-answer\",\"payload\":{\"status\":\"IDENTIFIED\",\"message\":\""
                + "x".repeat(2000) + "\"}}";
        try (LogCapture log = LogCapture.of(ManagerInbox.class)) {
            inbox.onAgentFeedback("self-update", new MessageReader(1024).read(
                    answer.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    org.vehicleupdate.messages.validation.MessageKind.DESIRED_STATE_FEEDBACK));

            assertThat(log.lines()).containsExactly("WARNING [big-answer] feedback from agent self-update refused:"
                    + " message: 2074 bytes is over the limit of 1024 bytes");
        }
    }

    @Test
    void everyLogLineOfAnActivityCarriesItsId() {
        Harness h = new Harness(dir, Harness.settings());
        h.agents.script("containers").failOn = Command.UPDATE;
        try (LogCapture orchestrator = LogCapture.of(Orchestrator.class);
                LogCapture reboots = LogCapture.of(RebootSequence.class);
                LogCapture inventory = LogCapture.of(InventoryCollector.class)) {
            h.apply("logged", Harness.desired("containers", "self-update", "navigation"));
            h.agents.script("containers").failOn = null;
            h.apply("logged-2", Harness.desired("containers", "self-update"));
            h.time.advance(Duration.ofSeconds(30));

            List<String> lines = new ArrayList<>(orchestrator.lines());
            lines.addAll(reboots.lines());
            lines.addAll(inventory.lines());
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).containsPattern(
                    "^[A-Z]+ \\[logged(-2)?\\] "));
        }
    }
}

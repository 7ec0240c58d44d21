package org.vehicleupdate.kit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.testing.RecordingOutbox;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.validation.MessageKind;

class AgentProtocolTest {
    private static final DesiredState DESIRED = new DesiredState(List.of(), List.of());

    private final RecordingOutbox out = new RecordingOutbox();
    private final FakeDomain domain = new FakeDomain(out);
    private final AgentProtocol protocol = new AgentProtocol(domain, out,
            Clock.fixed(Instant.ofEpochMilli(1700000000000L), ZoneOffset.UTC));

    @Test
    void aNewDesiredStateIsIdentifyingWithTheDomainsTextAndThenIdentifiedByTheDomain() {
        protocol.onDesiredState("a1", DESIRED);

        assertThat(out.statuses()).containsExactly(Status.IDENTIFYING);
        assertThat(out.last().message()).isEqualTo("Evaluating.");
        assertThat(domain.calls).containsExactly("identify a1");
    }

    @Test
    void theSameActivityAgainIsAnsweredWithWhereItStandsAndNothingElse() {
        domain.activity = new AgentActivity("a1", Status.DOWNLOAD_SUCCESS);
        protocol.onDesiredState("a1", DESIRED);

        assertThat(out.statuses()).isEmpty();
        assertThat(domain.calls).containsExactly("repeatStatus");
    }

    @Test
    void anOpenActivityThatCannotGiveWayRefusesTheNewOneWithKantosTextAndTheDomainsReason() {
        domain.activity = new AgentActivity("a1", Status.DOWNLOADING);
        domain.blocker = Optional.of("DOWNLOADING; send ROLLBACK or CLEANUP for it first");
        protocol.onDesiredState("a2", DESIRED);
        domain.blocker = Optional.of("");
        protocol.onDesiredState("a3", DESIRED);

        assertThat(out.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFICATION_FAILED,
                Status.IDENTIFYING, Status.IDENTIFICATION_FAILED);
        assertThat(out.feedback().get(1).message())
                .isEqualTo("Another update activity in progress - a1 (DOWNLOADING; send ROLLBACK or CLEANUP for it first)");
        assertThat(out.last().message()).isEqualTo("Another update activity in progress - a1");
        assertThat(out.activityIds()).containsExactly("a2", "a2", "a3", "a3");
        assertThat(domain.calls).isEmpty();
    }

    @Test
    void aFinishedActivityOrOneThatGivesWayIsReplaced() {
        domain.activity = new AgentActivity("a1", Status.COMPLETED);
        domain.blocker = Optional.of("never asked for a finished activity");
        protocol.onDesiredState("a2", DESIRED);
        domain.activity = new AgentActivity("a2", Status.IDENTIFIED);
        domain.blocker = Optional.empty();
        protocol.onDesiredState("a3", DESIRED);

        assertThat(domain.calls).containsExactly("identify a2", "identify a3");
    }

    @Test
    void theGateRunsRepeatsOrRefusesACommandWithItsFailureStatus() {
        domain.activity = new AgentActivity("a1", Status.IDENTIFIED);
        protocol.onCommand("a1", DesiredStateCommand.of(Command.DOWNLOAD));
        protocol.onCommand("a1", DesiredStateCommand.of(Command.ACTIVATE));
        domain.activity = new AgentActivity("a1", Status.DOWNLOAD_SUCCESS);
        protocol.onCommand("a1", new DesiredStateCommand(Command.DOWNLOAD, "*"));

        assertThat(domain.calls).containsExactly("run DOWNLOAD", "answerAgain DOWNLOAD");
        assertThat(out.statuses()).containsExactly(Status.ACTIVATION_FAILURE);
        assertThat(out.last().message()).isEqualTo("ACTIVATE is possible only after status UPDATE_SUCCESS is "
                + "reported (current status: IDENTIFIED)");
    }

    @Test
    void aRepeatWithoutAnAnswerIsRefusedLikeAnyCommandInTheWrongStatus() {
        domain.activity = new AgentActivity("a1", Status.DOWNLOAD_SUCCESS);
        domain.hasAnswer = false;
        protocol.onCommand("a1", DesiredStateCommand.of(Command.DOWNLOAD));

        assertThat(out.last().status()).isEqualTo(Status.DOWNLOAD_FAILURE);
        assertThat(out.last().message()).isEqualTo("DOWNLOAD is possible only after status IDENTIFIED is reported "
                + "(current status: DOWNLOAD_SUCCESS)");
    }

    @Test
    void aCommandOfAnotherActivityIsRefusedOnThatActivityAndWhatTheDomainCannotDoBeforeTheGate() {
        protocol.onCommand("x", DesiredStateCommand.of(Command.UPDATE));
        domain.activity = new AgentActivity("a1", Status.IDENTIFIED);
        protocol.onCommand("a1", new DesiredStateCommand(Command.DOWNLOAD, "named"));

        assertThat(out.activityIds()).containsExactly("x", "a1");
        assertThat(out.feedback().get(0).status()).isEqualTo(Status.UPDATE_FAILURE);
        assertThat(out.feedback().get(0).message()).endsWith("(there is no update activity 'x')");
        assertThat(out.last().status()).isEqualTo(Status.DOWNLOAD_FAILURE);
        assertThat(out.last().message()).isEqualTo("Unknown baseline named");
        assertThat(out.last().baseline()).isEqualTo("named");
        assertThat(domain.calls).isEmpty();
    }

    @Test
    void unreadableMessagesGetTheAnswerOfTheirKindWithTheReason() {
        domain.activity = new AgentActivity("a1", Status.DOWNLOADING);
        protocol.onUnreadable(MessageKind.DESIRED_STATE, "a2", "payload: required field is missing");
        protocol.onUnreadable(MessageKind.DESIRED_STATE_COMMAND, "a1", "payload.command: expected one of ...");
        protocol.onUnreadable(MessageKind.CURRENT_STATE_GET, "", "message: not valid JSON");

        assertThat(out.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFICATION_FAILED,
                Status.IDENTIFICATION_FAILED);
        assertThat(out.feedback().get(1).message()).isEqualTo("payload: required field is missing");
        assertThat(out.last().message()).isEqualTo("payload.command: expected one of ...");
        assertThat(out.activityIds()).containsExactly("a2", "a2", "a1");
        assertThat(out.currentStates()).extracting(e -> e.getKey()).containsExactly("");
        assertThat(domain.calls).isEmpty();
    }

    @Test
    void theFirstInventoryCarriesKantosActivityIdWithTheTime() {
        protocol.start();
        protocol.publishInitialState();

        assertThat(domain.calls).containsExactly("resume");
        assertThat(out.currentStates()).extracting(e -> e.getKey())
                .containsExactly("initial-current-state-1700000000000");
    }
}

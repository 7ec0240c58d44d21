package org.vehicleupdate.kit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.agent.CommandGate.Verdict;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Status;

class CommandGateTest {
    private final CommandGate gate = CommandGate.builder()
            .run(Command.DOWNLOAD, Status.IDENTIFIED).repeat(Command.DOWNLOAD, Status.DOWNLOAD_SUCCESS)
            .run(Command.UPDATE, Status.DOWNLOAD_SUCCESS)
            .run(Command.ACTIVATE, Status.UPDATE_SUCCESS)
            .run(Command.ROLLBACK, Status.UPDATE_FAILURE, Status.DOWNLOAD_SUCCESS)
            .run(Command.CLEANUP, Status.IDENTIFIED).repeat(Command.CLEANUP, Status.COMPLETED)
            .build();

    @Test
    void eachCellSaysRunRepeatOrRefuseAndUnnamedCellsRefuse() {
        assertThat(gate.verdict(Command.DOWNLOAD, Status.IDENTIFIED)).isEqualTo(Verdict.RUN);
        assertThat(gate.verdict(Command.DOWNLOAD, Status.DOWNLOAD_SUCCESS)).isEqualTo(Verdict.REPEAT);
        assertThat(gate.verdict(Command.DOWNLOAD, Status.UPDATE_SUCCESS)).isEqualTo(Verdict.REFUSE);
        assertThat(gate.verdict(Command.CLEANUP, Status.COMPLETED)).isEqualTo(Verdict.REPEAT);
    }

    @Test
    void aRefusalNamesTheStatusesTheCommandRunsAfterInTheirProtocolOrderAndTheCurrentOne() {
        assertThat(gate.refusal(Command.ACTIVATE, Status.IDENTIFIED))
                .isEqualTo("ACTIVATE is possible only after status UPDATE_SUCCESS is reported (current status: "
                        + "IDENTIFIED)");
        assertThat(gate.refusal(Command.ROLLBACK, Status.IDENTIFIED))
                .isEqualTo("ROLLBACK is possible only after status DOWNLOAD_SUCCESS|UPDATE_FAILURE is reported "
                        + "(current status: IDENTIFIED)");
    }

    @Test
    void aCommandOfAnUnknownActivityIsRefusedNamingTheAgentsActivity() {
        assertThat(gate.refusalOfUnknownActivity(Command.UPDATE, "x", Optional.empty()))
                .isEqualTo("UPDATE is possible only after status DOWNLOAD_SUCCESS is reported (there is no update "
                        + "activity 'x')");
        assertThat(gate.refusalOfUnknownActivity(Command.UPDATE, "x",
                Optional.of(new AgentActivity("a1", Status.IDENTIFIED))))
                .endsWith("(there is no update activity 'x'; the agent's last activity is 'a1')");
    }

    @Test
    void aTableThatSaysTwoThingsOfOneCellOrLetsACommandRunNowhereIsRefused() {
        assertThatThrownBy(() -> CommandGate.builder().run(Command.DOWNLOAD, Status.IDENTIFIED)
                .repeat(Command.DOWNLOAD, Status.IDENTIFIED))
                .hasMessage("DOWNLOAD in IDENTIFIED is both RUN and REPEAT");
        assertThatThrownBy(() -> CommandGate.builder().run(Command.DOWNLOAD, Status.IDENTIFIED).build())
                .hasMessage("UPDATE runs in no status");
    }

    @Test
    void everyCommandHasItsFailureStatus() {
        assertThat(CommandGate.failureOf(Command.DOWNLOAD)).isEqualTo(Status.DOWNLOAD_FAILURE);
        assertThat(CommandGate.failureOf(Command.UPDATE)).isEqualTo(Status.UPDATE_FAILURE);
        assertThat(CommandGate.failureOf(Command.ACTIVATE)).isEqualTo(Status.ACTIVATION_FAILURE);
        assertThat(CommandGate.failureOf(Command.CLEANUP)).isEqualTo(Status.CLEANUP_FAILURE);
        assertThat(CommandGate.failureOf(Command.ROLLBACK)).isEqualTo(Status.ROLLBACK_FAILURE);
    }

    @Test
    void kantosTableRunsEachPhaseAfterTheLastAndRollsBackAfterAnyFailure() {
        CommandGate kanto = CommandGate.kanto();

        assertThat(kanto.verdict(Command.UPDATE, Status.DOWNLOAD_SUCCESS)).isEqualTo(Verdict.RUN);
        assertThat(kanto.verdict(Command.UPDATE, Status.UPDATE_FAILURE)).isEqualTo(Verdict.REPEAT);
        assertThat(kanto.verdict(Command.DOWNLOAD, Status.UPDATE_SUCCESS)).isEqualTo(Verdict.REFUSE);
        assertThat(kanto.verdict(Command.ROLLBACK, Status.ACTIVATION_FAILURE)).isEqualTo(Verdict.RUN);
        assertThat(kanto.verdict(Command.ROLLBACK, Status.IDENTIFIED)).isEqualTo(Verdict.REFUSE);
        assertThat(kanto.verdict(Command.CLEANUP, Status.INCOMPLETE)).isEqualTo(Verdict.REPEAT);
    }
}

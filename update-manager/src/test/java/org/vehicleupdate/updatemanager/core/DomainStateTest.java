package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.Status;

/** The transition table of a domain's state: every state against every status an agent can send. */
class DomainStateTest {

    /** The only answers that move a domain; any other pair leaves it where it is. */
    private static final String[] MOVES = {
        "IDENTIFYING, IDENTIFIED, IDENTIFIED",
        "IDENTIFYING, COMPLETED, UNCHANGED",
        "IDENTIFYING, IDENTIFICATION_FAILED, FAILED",
        "IDENTIFYING, INCOMPLETE, FAILED",
        "DOWNLOADING, DOWNLOAD_SUCCESS, DOWNLOADED",
        "DOWNLOADING, DOWNLOAD_FAILURE, FAILED",
        "DOWNLOADING, INCOMPLETE, FAILED",
        "UPDATING, UPDATE_SUCCESS, UPDATED",
        "UPDATING, UPDATE_FAILURE, FAILED",
        "UPDATING, INCOMPLETE, FAILED",
        "ACTIVATING, ACTIVATION_SUCCESS, ACTIVATED",
        "ACTIVATING, ACTIVATION_FAILURE, FAILED",
        "ACTIVATING, INCOMPLETE, FAILED",
        "VERIFYING, ACTIVATION_SUCCESS, VERIFIED",
        "VERIFYING, ACTIVATION_FAILURE, FAILED",
        "VERIFYING, INCOMPLETE, FAILED",
        "ROLLING_BACK, ROLLBACK_SUCCESS, ROLLED_BACK",
        "ROLLING_BACK, ROLLBACK_FAILURE, ROLLBACK_FAILED",
        "ROLLING_BACK, INCOMPLETE, ROLLBACK_FAILED",
    };

    static Stream<Arguments> everyStateAndStatus() {
        Map<String, DomainState> moves = new HashMap<>();
        for (String row : MOVES) {
            String[] cells = row.split(",\\s*");
            moves.put(cells[0] + " " + cells[1], DomainState.valueOf(cells[2]));
        }
        return Arrays.stream(DomainState.values()).flatMap(state -> Arrays.stream(Status.values())
                .map(status -> Arguments.of(state, status,
                        Optional.ofNullable(moves.get(state + " " + status)))));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("everyStateAndStatus")
    void anAnswerWithActionsMovesAStateOnlyAsTheTableSays(DomainState state, Status status,
            Optional<DomainState> expected) {
        assertThat(state.after(status, true)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} + {1} without actions -> {2}")
    @MethodSource("everyStateAndStatus")
    void anAnswerWithoutActionsIsTheSameExceptThatIdentifiedWithNothingToDoLeavesTheDomainUnchanged(
            DomainState state, Status status, Optional<DomainState> expected) {
        Optional<DomainState> withoutActions = state == DomainState.IDENTIFYING && status == Status.IDENTIFIED
                ? Optional.of(DomainState.UNCHANGED) : expected;
        assertThat(state.after(status, false)).isEqualTo(withoutActions);
    }

    @ParameterizedTest(name = "{0} times out -> {1}")
    @CsvSource({
        "IDENTIFYING, FAILED", "DOWNLOADING, FAILED", "UPDATING, FAILED", "ACTIVATING, FAILED",
        "VERIFYING, FAILED", "ROLLING_BACK, ROLLBACK_FAILED", "CHECKING_PREVIOUS_VERSION, REBOOT_BACK_NEEDED",
        "CHECKING_AFTER_REBOOT_BACK, PREVIOUS_VERSION_NOT_BOOTED",
    })
    void aWaitingStateEndsAsTheTableSaysWhenItsPhaseTimesOut(DomainState state, DomainState expected) {
        assertThat(state.waiting()).isTrue();
        assertThat(state.afterTimeout()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = DomainState.class, mode = EnumSource.Mode.EXCLUDE, names = {"IDENTIFYING", "DOWNLOADING",
        "UPDATING", "ACTIVATING", "VERIFYING", "ROLLING_BACK", "CHECKING_PREVIOUS_VERSION", "CHECKING_AFTER_REBOOT_BACK"})
    void aStateThatWaitsForNothingIsNotTouchedByATimeout(DomainState state) {
        assertThat(state.waiting()).isFalse();
        assertThat(state.afterTimeout()).isEqualTo(state);
    }

    @ParameterizedTest(name = "{0} entering {1} -> {2}")
    @CsvSource({
        "IDENTIFIED, DOWNLOAD, DOWNLOADING",
        "DOWNLOADED, UPDATE, UPDATING",
        "UPDATED, ACTIVATE, ACTIVATING",
        "ACTIVATED, VERIFICATION, VERIFYING",
        "VERIFYING, VERIFICATION, VERIFYING",
        "DOWNLOADED, ROLLBACK, ROLLING_BACK",
        "UPDATED, ROLLBACK, ROLLING_BACK",
        "ACTIVATED, ROLLBACK, ROLLING_BACK",
        "VERIFIED, ROLLBACK, ROLLING_BACK",
        "ROLLED_BACK, ROLLBACK_VERIFICATION, CHECKING_PREVIOUS_VERSION",
        "CHECKING_PREVIOUS_VERSION, ROLLBACK_VERIFICATION, CHECKING_PREVIOUS_VERSION",
        "REBOOT_BACK_NEEDED, ROLLBACK_VERIFICATION, CHECKING_AFTER_REBOOT_BACK",
        "CHECKING_AFTER_REBOOT_BACK, ROLLBACK_VERIFICATION, CHECKING_AFTER_REBOOT_BACK",
    })
    void aPhaseTakesInTheStatesThatReachedIt(DomainState state, OrchestrationPhase phase, DomainState expected) {
        assertThat(state.onEntering(phase)).contains(expected);
    }

    @ParameterizedTest
    @EnumSource(DomainState.class)
    void aStateTakesPartInNoPhaseItHasNotReached(DomainState state) {
        for (OrchestrationPhase phase : OrchestrationPhase.values()) {
            Optional<DomainState> entered = state.onEntering(phase);
            if (entered.isPresent()) {
                assertThat(entered.get().waiting()).as(state + " entering " + phase).isTrue();
            }
        }
        assertThat(state.onEntering(OrchestrationPhase.CLEANUP)).isEmpty();
        assertThat(DomainState.IDENTIFYING.onEntering(OrchestrationPhase.DOWNLOAD)).isEmpty();
        assertThat(DomainState.UNCHANGED.onEntering(OrchestrationPhase.DOWNLOAD)).isEmpty();
        assertThat(DomainState.FAILED.onEntering(OrchestrationPhase.ROLLBACK)).isEmpty();
        assertThat(DomainState.DOWNLOADED.onEntering(OrchestrationPhase.ACTIVATE)).isEmpty();
    }
}

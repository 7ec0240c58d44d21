package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.Status;

/** The transition table of a domain's clean-up: every state against every status an agent can send. */
class CleanupStateTest {
    private static final Map<Status, CleanupState> ANSWERS_WHILE_CLEANING = Map.of(
            Status.CLEANUP_SUCCESS, CleanupState.CLEANED, Status.COMPLETED, CleanupState.CLEANED,
            Status.CLEANUP_FAILURE, CleanupState.FAILED, Status.INCOMPLETE, CleanupState.FAILED);

    static Stream<Arguments> everyStateAndStatus() {
        return Arrays.stream(CleanupState.values()).flatMap(state -> Arrays.stream(Status.values())
                .map(status -> Arguments.of(state, status, state == CleanupState.CLEANING
                        ? Optional.ofNullable(ANSWERS_WHILE_CLEANING.get(status)) : Optional.empty())));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("everyStateAndStatus")
    void onlyTheFirstAnswerToTheCleanupCommandCounts(CleanupState state, Status status,
            Optional<CleanupState> expected) {
        assertThat(state.after(status)).isEqualTo(expected);
    }

    @Test
    void aCleanupWithoutAnswerHasFailedWhenItsPhaseTimesOut() {
        assertThat(CleanupState.CLEANING.afterTimeout()).isEqualTo(CleanupState.FAILED);
        assertThat(CleanupState.NOT_SENT.afterTimeout()).isEqualTo(CleanupState.NOT_SENT);
        assertThat(CleanupState.CLEANED.afterTimeout()).isEqualTo(CleanupState.CLEANED);
    }
}

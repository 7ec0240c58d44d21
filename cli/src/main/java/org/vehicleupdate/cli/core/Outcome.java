package org.vehicleupdate.cli.core;

import java.util.Optional;
import org.vehicleupdate.messages.Status;

/**
 * How following an activity ended.
 *
 * @param status   the final status as the update-manager reported it, or {@code TIMEOUT}
 * @param message  the update-manager's explanation, or what the timeout was
 * @param exitCode see {@link ExitCode}
 */
public record Outcome(String status, String message, int exitCode) {

    /** The outcome a status of the whole update means, if it is a final one. */
    public static Optional<Outcome> ofFinal(Status status, String message) {
        return switch (status) {
            // COMPLETE is Leda's spelling; the update-manager never sends it, but a Leda setup might
            case COMPLETED, COMPLETE -> Optional.of(new Outcome(status.name(), message, ExitCode.OK));
            case INCOMPLETE, INCOMPLETE_INCONSISTENT, SUPERSEDED, IDENTIFICATION_FAILED ->
                    Optional.of(new Outcome(status.name(), message, ExitCode.UPDATE_FAILED));
            default -> Optional.empty();
        };
    }

    public boolean succeeded() {
        return exitCode == ExitCode.OK;
    }
}

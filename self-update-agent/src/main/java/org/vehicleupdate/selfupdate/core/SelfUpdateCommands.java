package org.vehicleupdate.selfupdate.core;

import static org.vehicleupdate.messages.Status.ACTIVATION_FAILURE;
import static org.vehicleupdate.messages.Status.ACTIVATION_SUCCESS;
import static org.vehicleupdate.messages.Status.COMPLETED;
import static org.vehicleupdate.messages.Status.DOWNLOADING;
import static org.vehicleupdate.messages.Status.DOWNLOAD_FAILURE;
import static org.vehicleupdate.messages.Status.DOWNLOAD_SUCCESS;
import static org.vehicleupdate.messages.Status.IDENTIFIED;
import static org.vehicleupdate.messages.Status.INCOMPLETE;
import static org.vehicleupdate.messages.Status.ROLLBACK_FAILURE;
import static org.vehicleupdate.messages.Status.ROLLBACK_SUCCESS;
import static org.vehicleupdate.messages.Status.UPDATE_FAILURE;
import static org.vehicleupdate.messages.Status.UPDATE_SUCCESS;
import static org.vehicleupdate.messages.Status.UPDATING;

import org.vehicleupdate.kit.agent.CommandGate;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Status;

/**
 * Which command the self-update agent takes in which status. A phase command after its phase (or after a failure,
 * a rollback, the end) repeats that phase's result where the activity has one, and is refused where it has none
 * ({@link SelfUpdateAgent#answerAgain}); CLEANUP and ROLLBACK run from every open status.
 */
final class SelfUpdateCommands {
    private static final Status[] FAILURES = {DOWNLOAD_FAILURE, UPDATE_FAILURE, ACTIVATION_FAILURE, ROLLBACK_FAILURE};
    private static final Status[] ENDED = {COMPLETED, INCOMPLETE};

    static final CommandGate GATE = CommandGate.builder()
            .run(Command.DOWNLOAD, IDENTIFIED)
            .repeat(Command.DOWNLOAD, DOWNLOADING, DOWNLOAD_SUCCESS, UPDATING, UPDATE_SUCCESS, ACTIVATION_SUCCESS,
                    ROLLBACK_SUCCESS).repeat(Command.DOWNLOAD, FAILURES).repeat(Command.DOWNLOAD, ENDED)
            .run(Command.UPDATE, DOWNLOAD_SUCCESS)
            .repeat(Command.UPDATE, UPDATE_SUCCESS, ACTIVATION_SUCCESS, ROLLBACK_SUCCESS)
            .repeat(Command.UPDATE, FAILURES).repeat(Command.UPDATE, ENDED)
            .run(Command.ACTIVATE, UPDATE_SUCCESS)
            .repeat(Command.ACTIVATE, ACTIVATION_SUCCESS, ROLLBACK_SUCCESS).repeat(Command.ACTIVATE, FAILURES)
            .repeat(Command.ACTIVATE, ENDED)
            .run(Command.CLEANUP, IDENTIFIED, DOWNLOADING, DOWNLOAD_SUCCESS, UPDATING, UPDATE_SUCCESS,
                    ACTIVATION_SUCCESS, ROLLBACK_SUCCESS).run(Command.CLEANUP, FAILURES)
            .repeat(Command.CLEANUP, ENDED)
            .run(Command.ROLLBACK, IDENTIFIED, DOWNLOADING, DOWNLOAD_SUCCESS, UPDATING, UPDATE_SUCCESS,
                    ACTIVATION_SUCCESS).run(Command.ROLLBACK, FAILURES)
            .repeat(Command.ROLLBACK, ROLLBACK_SUCCESS).repeat(Command.ROLLBACK, ENDED)
            .build();

    private SelfUpdateCommands() {
    }
}

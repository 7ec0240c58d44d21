package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Status;

/**
 * Where the orchestration of an update activity stands (an agent's own phases are its business); every phase
 * but AWAITING_REBOOT waits for the agents with a timeout.
 */
public enum OrchestrationPhase {
    IDENTIFICATION(null, Status.IDENTIFIED, Status.IDENTIFICATION_FAILED),
    DOWNLOAD(Command.DOWNLOAD, Status.DOWNLOAD_SUCCESS, Status.DOWNLOAD_FAILURE),
    UPDATE(Command.UPDATE, Status.UPDATE_SUCCESS, Status.UPDATE_FAILURE),
    ACTIVATE(Command.ACTIVATE, Status.ACTIVATION_SUCCESS, Status.ACTIVATION_FAILURE),
    /** Activated; the vehicle reboots before the activation can be verified. */
    AWAITING_REBOOT(null, Status.ACTIVATION_SUCCESS, Status.ACTIVATION_FAILURE),
    /** After the reboot: every domain confirms its activation, or its current state shows the desired versions. */
    VERIFICATION(null, Status.ACTIVATION_SUCCESS, Status.ACTIVATION_FAILURE),
    ROLLBACK(Command.ROLLBACK, Status.ROLLBACK_SUCCESS, Status.ROLLBACK_FAILURE),
    CLEANUP(Command.CLEANUP, Status.CLEANUP_SUCCESS, Status.CLEANUP_FAILURE);

    private final Command command;
    private final Status success;
    private final Status failure;

    OrchestrationPhase(Command command, Status success, Status failure) {
        this.command = command;
        this.success = success;
        this.failure = failure;
    }

    /** The command that starts this phase in an agent, if the phase has one. */
    public Optional<Command> command() {
        return Optional.ofNullable(command);
    }

    public Status success() {
        return success;
    }

    public Status failure() {
        return failure;
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.Command;

/**
 * Where the orchestration of an update activity stands (an agent's own phases are its business). Every phase
 * but IDENTIFIED and the two that await a reboot waits for the agents, with a timeout.
 */
public enum OrchestrationPhase {
    /** The desired state went to the agents; waiting for each to identify its actions. */
    IDENTIFICATION(null),
    /** Every domain identified; IDENTIFIED was reported and nothing was sent yet. */
    IDENTIFIED(null),
    DOWNLOAD(Command.DOWNLOAD),
    UPDATE(Command.UPDATE),
    ACTIVATE(Command.ACTIVATE),
    /** Activated; the vehicle reboots before the activation can be verified. */
    AWAITING_REBOOT(null),
    /** After the reboot: every domain confirms its activation, or its current state shows the desired versions. */
    VERIFICATION(null),
    ROLLBACK(Command.ROLLBACK),
    /** Rolled back after the vehicle had booted the new version: a reboot brings the previous one back. */
    AWAITING_ROLLBACK_REBOOT(null),
    /** After that reboot: the rolled-back domains' current states must show their previous versions. */
    ROLLBACK_VERIFICATION(null),
    CLEANUP(Command.CLEANUP);

    private final Command command;

    OrchestrationPhase(Command command) {
        this.command = command;
    }

    /** The command that starts this phase in an agent, if the phase has one. */
    public Optional<Command> command() {
        return Optional.ofNullable(command);
    }

    /** Waits for the vehicle to restart, not for the agents. */
    public boolean awaitsReboot() {
        return this == AWAITING_REBOOT || this == AWAITING_ROLLBACK_REBOOT;
    }
}

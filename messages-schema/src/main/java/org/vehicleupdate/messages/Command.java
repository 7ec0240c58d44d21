package org.vehicleupdate.messages;

/** The phase commands that the update-manager sends to an agent, and that owner consent is asked for. */
public enum Command {
    DOWNLOAD,
    UPDATE,
    ACTIVATE,
    CLEANUP,
    ROLLBACK
}

package org.vehicleupdate.cli.core;

/** The exit codes of every command, so that scripts can tell the cases apart. */
public final class ExitCode {
    /** The update completed, the inventory was shown, the consent was sent. */
    public static final int OK = 0;
    /** The update ended INCOMPLETE or IDENTIFICATION_FAILED. */
    public static final int UPDATE_FAILED = 1;
    /** The input was refused before anything was sent: a missing file, invalid JSON, a schema violation, bad options. */
    public static final int INVALID_INPUT = 2;
    /** No final status, inventory or consent request arrived in time. */
    public static final int TIMED_OUT = 3;
    /** The broker could not be reached within the connect timeout. */
    public static final int BROKER_UNREACHABLE = 4;

    private ExitCode() {
    }
}

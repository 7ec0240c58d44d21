package org.vehicleupdate.allinone.app;

/** Why the process does not start, in one line for the operator, and the exit code that tells it to systemd. */
public final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public StartFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

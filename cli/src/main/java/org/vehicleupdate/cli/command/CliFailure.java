package org.vehicleupdate.cli.command;

/** A command ends with a one-line explanation and an exit code; no stack trace, it is an expected end. */
final class CliFailure extends RuntimeException {
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

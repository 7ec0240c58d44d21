package org.vehicleupdate.cli.command;

/** {@code java -jar vehicle-update-cli.jar ...}: a plain main, no framework, so that it starts fast. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.quiet();
        Thread.setDefaultUncaughtExceptionHandler(new UncaughtErrors(System.err));
        int code = VehicleUpdateCli.commandLine(CliEnvironment.system()).execute(args);
        System.exit(code);
    }
}

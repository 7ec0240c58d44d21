package org.vehicleupdate.cli.command;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code vehicle-update} command: the operators' tool for the update system. */
@Command(name = "vehicle-update", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Operate the vehicle update system over MQTT: apply a desired state and follow it, watch"
                + " the feedback, show the inventory, answer an owner consent request; sign desired states and"
                + " manage the trust root (docs/trust.md).",
        subcommands = {ApplyCommand.class, WatchCommand.class, StatusCommand.class, ConsentCommand.class,
                SignCommand.class, VerifyCommand.class, KeygenCommand.class, RootCommand.class,
                ResetSequenceCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done: update COMPLETED, inventory shown, consent sent",
                "  1  the update ended INCOMPLETE or IDENTIFICATION_FAILED",
                "  2  invalid input: file, JSON, desired state or options; nothing was sent",
                "  3  timed out: no final status, inventory or consent request in time",
                "  4  the broker cannot be reached",
                "%nBroker settings: the options first, then the environment variables MQTT_URL, MQTT_CA_FILE,"
                        + " MQTT_CERT_FILE, MQTT_KEY_FILE, MQTT_USERNAME, MQTT_PASSWORD, as for the services.",
                "%nRun 'vehicle-update help COMMAND' for a command's options."})
public final class VehicleUpdateCli implements Runnable {
    /** A bug, not an expected end: distinct from every documented code. */
    static final int INTERNAL_ERROR = 70;

    final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    public VehicleUpdateCli(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: apply, watch, status, consent, sign, verify, keygen, root or reset-sequence");
    }

    /** The command line, ready to {@code execute}; output goes to its {@code getOut()}/{@code getErr()}. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new VehicleUpdateCli(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (exception instanceof CliFailure failure) {
                err.println("vehicle-update: " + failure.getMessage());
                err.flush();
                return failure.exitCode();
            }
            err.println("vehicle-update: internal error: " + exception);
            exception.printStackTrace(err);
            err.flush();
            return INTERNAL_ERROR;
        });
        return commandLine;
    }
}

package org.vehicleupdate.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.updatemanager.trust.Claims;
import org.vehicleupdate.updatemanager.trust.Signer;
import org.vehicleupdate.updatemanager.trust.TrustException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reset-sequence}: the root-signed message that resets a vehicle's last accepted sequence. */
@Command(name = "reset-sequence", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Write the message that resets a vehicle's last accepted sequence (signed by the root role).",
        description = {"For a vehicle that refuses a desired state as a replay although it is new (its stored"
                + " sequence is above what the signer uses now). Publish the message on vehicleupdate/trust/reset;"
                + " the answer comes on vehicleupdate/desiredstatefeedback under its activityId. Resets have their"
                + " own sequence, so a reset cannot be replayed.%n"})
final class ResetSequenceCommand implements Callable<Integer> {
    @ParentCommand
    VehicleUpdateCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--vehicle", paramLabel = "ID", required = true, description = "the vehicle's id")
    String vehicle;

    @Option(names = "--key", paramLabel = "KEY", required = true, description = "a private root key (repeat for the"
            + " root role's threshold)")
    List<Path> keys;

    @Option(names = "--to", paramLabel = "N", defaultValue = "0", description = "the last accepted sequence after the"
            + " reset (default ${DEFAULT-VALUE})")
    long to;

    @Option(names = "--sequence", paramLabel = "N", description = "the reset's own sequence number, above the last"
            + " reset's (default: the current time in milliseconds)")
    Long sequence;

    @Option(names = "--expires", paramLabel = "TIME", defaultValue = "1h", description = "a time or a duration from"
            + " now (default ${DEFAULT-VALUE})")
    String expires;

    @Option(names = "--activity", paramLabel = "ID", description = "the message's activityId (default: a fresh one)")
    String activity;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where to write it (default: stdout)")
    Path out;

    @Override
    public Integer call() {
        if (to < 0) {
            throw new CliFailure(ExitCode.INVALID_INPUT, "--to must not be negative");
        }
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("activityId", activity != null ? activity : "trust-reset-" + root.environment.newActivityId().get());
        message.put("timestamp", root.environment.clock().millis());
        message.putObject("payload").put("sequence", to);
        Claims claims = new Claims(vehicle, TrustFiles.expiry(expires, root.environment.clock()),
                sequence == null ? root.environment.clock().millis() : sequence);
        try {
            TrustFiles.write(spec.commandLine().getOut(), out, Signer.signMessage(message, TrustFiles.keys(keys),
                    claims, false));
        } catch (TrustException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, e.getMessage());
        }
        return ExitCode.OK;
    }
}

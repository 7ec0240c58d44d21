package org.vehicleupdate.cli.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.updatemanager.trust.CanonicalJson;
import org.vehicleupdate.updatemanager.trust.Claims;
import org.vehicleupdate.updatemanager.trust.SignedMessage;
import org.vehicleupdate.updatemanager.trust.Signer;
import org.vehicleupdate.updatemanager.trust.TrustException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sign --vehicle ID --key KEY FILE}: a desired state signed for one vehicle. */
@Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Sign a desired state for one vehicle.",
        description = {"Adds the member \"signature\" to the message: a JWS (ES256) over the RFC 8785 canonical JSON"
                + " of the message without it, whose protected header names the key, the vehicle, the expiry and the"
                + " sequence number. Kanto's services ignore the member; an update-manager with trust.mode=enforce"
                + " takes the message only with it. FILE is a whole message or only the payload {\"domains\":[...]},"
                + " which gets a fresh activityId. Any change to the signed message afterwards (apply"
                + " --new-activity too) makes the signature fail: sign again instead.%n"})
final class SignCommand implements Callable<Integer> {
    @ParentCommand
    VehicleUpdateCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--vehicle", paramLabel = "ID", required = true, description = "the vehicle's id (its"
            + " trust.vehicle-id, by default its /etc/machine-id)")
    String vehicle;

    @Option(names = "--key", paramLabel = "KEY", required = true, description = "a private desired-state key (repeat"
            + " for a threshold above 1)")
    List<Path> keys;

    @Option(names = "--expires", paramLabel = "TIME", defaultValue = "168h", description = "a time"
            + " (2030-01-01T00:00:00Z) or a duration from now (default ${DEFAULT-VALUE})")
    String expires;

    @Option(names = "--sequence", paramLabel = "N", description = "above the last one the vehicle accepted (default:"
            + " the current time in milliseconds, which only grows)")
    Long sequence;

    @Option(names = "--activity", paramLabel = "ID", description = "give the message this activityId (and the"
            + " current time as timestamp) before signing")
    String activity;

    @Option(names = "--add", description = "keep the signatures FILE has and add these keys' with the same vehicle,"
            + " expiry and sequence (the holders of a threshold sign one after the other)")
    boolean add;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where to write the signed message (default:"
            + " stdout)")
    Path out;

    @Parameters(paramLabel = "FILE", description = "the desired state (JSON)")
    Path file;

    @Override
    public Integer call() {
        ObjectNode message = envelope(TrustFiles.readJson(file, "desired state"));
        if (activity != null) {
            message.put("activityId", activity);
            message.put("timestamp", root.environment.clock().millis());
        }
        ObjectNode unsigned = message.deepCopy();
        unsigned.remove(SignedMessage.MEMBER);
        ReadResult<?> read = new MessageReader().read(CanonicalJson.pretty(unsigned), MessageKind.DESIRED_STATE);
        if (read instanceof ReadResult.Rejected<?> rejected) {
            throw new CliFailure(ExitCode.INVALID_INPUT, file + ": not a valid desired state: " + rejected.reason());
        }
        Claims claims = add ? existingClaims(message) : new Claims(vehicle, TrustFiles.expiry(expires,
                root.environment.clock()), sequence == null ? root.environment.clock().millis() : sequence);
        try {
            TrustFiles.write(spec.commandLine().getOut(), out, Signer.signMessage(message, TrustFiles.keys(keys),
                    claims, add));
        } catch (TrustException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, e.getMessage());
        }
        if (out != null) {
            spec.commandLine().getErr().println(out + ": activity " + message.path("activityId").asText()
                    + " signed for vehicle " + claims.vehicle() + ", sequence " + claims.sequence() + ", expires "
                    + claims.expires());
            spec.commandLine().getErr().flush();
        }
        return ExitCode.OK;
    }

    /** A bare payload is wrapped as apply does it. */
    private ObjectNode envelope(ObjectNode input) {
        if (input.has("payload") || !input.has("domains")) {
            return input;
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("activityId", root.environment.newActivityId().get());
        envelope.put("timestamp", root.environment.clock().millis());
        envelope.set("payload", input);
        return envelope;
    }

    private Claims existingClaims(ObjectNode message) {
        try {
            SignedMessage signed = SignedMessage.of(message);
            if (signed.signatures().isEmpty()) {
                throw new CliFailure(ExitCode.INVALID_INPUT, file + " has no signature to add to; sign it without"
                        + " --add first");
            }
            Claims claims = Claims.of(signed.signatures().get().entries().get(0).header());
            if (!claims.vehicle().equals(vehicle)) {
                throw new CliFailure(ExitCode.INVALID_INPUT, file + " is signed for vehicle " + claims.vehicle()
                        + ", not " + vehicle);
            }
            return claims;
        } catch (TrustException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, file + ": " + e.getMessage());
        }
    }
}

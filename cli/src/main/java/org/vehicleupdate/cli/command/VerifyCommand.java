package org.vehicleupdate.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.updatemanager.trust.Claims;
import org.vehicleupdate.updatemanager.trust.Role;
import org.vehicleupdate.updatemanager.trust.SignedMessage;
import org.vehicleupdate.updatemanager.trust.Tally;
import org.vehicleupdate.updatemanager.trust.TrustException;
import org.vehicleupdate.updatemanager.trust.TrustRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code verify --root ROOT FILE}: what a vehicle with that root would say of a message or a new root. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Check a signed desired state, a reset or a new trust root against a trust root.",
        description = {"A desired state (or a reset) is checked as the update-manager checks it: the signatures"
                + " meet the role's threshold, the vehicle (with --vehicle) and the expiry; the sequence rule needs"
                + " the vehicle's state and is not checked here. A trust root FILE is checked for its own root"
                + " signatures and, with --root, for the rotation rule from ROOT. Exit 0 valid, 1 not valid, 2"
                + " unreadable input.%n"})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    VehicleUpdateCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "ROOT", description = "the trust root in force on the vehicle")
    Path rootFile;

    @Option(names = "--vehicle", paramLabel = "ID", description = "the vehicle's id (default: whatever the signature"
            + " names, reported)")
    String vehicle;

    @Parameters(paramLabel = "FILE", description = "the message or trust root")
    Path file;

    @Override
    public Integer call() {
        ObjectNode json = TrustFiles.readJson(file, "message or trust root");
        PrintWriter out = spec.commandLine().getOut();
        try {
            String verdict = json.has("signed") ? root(json) : message(json);
            out.println(file + ": valid: " + verdict);
            out.flush();
            return ExitCode.OK;
        } catch (TrustException e) {
            out.println(file + ": not valid: " + e.getMessage());
            out.flush();
            return ExitCode.UPDATE_FAILED;
        }
    }

    private String root(ObjectNode json) throws TrustException {
        TrustRoot next = TrustRoot.parse(json);
        next.requireSelfSigned();
        if (rootFile == null) {
            return "trust root version " + next.version() + " is signed by its own root keys";
        }
        TrustRoot current = TrustFiles.readRoot(rootFile);
        if (next.version() <= current.version()) {
            throw new TrustException("version " + next.version() + " is not above version " + current.version());
        }
        Tally byCurrent = current.tally(next.signatures(), next.signedCanonical(), Role.ROOT, Set.of());
        if (!byCurrent.met()) {
            throw new TrustException("not signed by the root keys of version " + current.version() + ": "
                    + byCurrent.shortfall());
        }
        return "trust root version " + next.version() + " is signed by its own root keys and by those of version "
                + current.version() + ": a vehicle on version " + current.version() + " takes it";
    }

    private String message(ObjectNode json) throws TrustException {
        if (rootFile == null) {
            throw new TrustException("--root is needed to check a message");
        }
        TrustRoot root = TrustFiles.readRoot(rootFile);
        root.requireSelfSigned();
        SignedMessage message = SignedMessage.of(json);
        if (message.signatures().isEmpty()) {
            throw new TrustException("signature: missing");
        }
        boolean reset = !json.path("payload").has("domains");
        String role = reset ? Role.ROOT : Role.DESIRED_STATE;
        String forVehicle = vehicle != null ? vehicle
                : Claims.of(message.signatures().get().entries().get(0).header()).vehicle();
        Claims claims;
        try {
            claims = message.verify(root, role, forVehicle);
        } catch (TrustException e) {
            throw new TrustException("signature: " + e.getMessage());
        }
        Instant now = cli.environment.clock().instant();
        if (!claims.expires().isAfter(now)) {
            throw new TrustException("signature: expired at " + claims.expires());
        }
        return (reset ? "reset" : "desired state") + " of activity " + message.activityId() + " signed by the " + role
                + " role of trust root version " + root.version() + " for vehicle " + claims.vehicle()
                + ", sequence " + claims.sequence() + ", expires " + claims.expires();
    }
}

package org.vehicleupdate.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.updatemanager.trust.Role;
import org.vehicleupdate.updatemanager.trust.RootBuilder;
import org.vehicleupdate.updatemanager.trust.Signer;
import org.vehicleupdate.updatemanager.trust.Tally;
import org.vehicleupdate.updatemanager.trust.TrustException;
import org.vehicleupdate.updatemanager.trust.TrustRoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code root create|sign|rotate}: the trust root's life (docs/trust.md). */
@Command(name = "root", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Create, sign and rotate a trust root.",
        description = {"A trust root names the keys of the root role (signs trust roots and resets) and of the"
                + " desired-state role (signs desired states), each with a threshold, a version and an expiry. It is"
                + " installed at provisioning (/etc/vehicle-update/trust/root.json) and replaced by rotation.%n"},
        subcommands = {RootCommand.Create.class, RootCommand.Sign.class, RootCommand.Rotate.class})
final class RootCommand implements Runnable {
    @ParentCommand
    VehicleUpdateCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: create, sign or rotate");
    }

    /** The roles' keys and thresholds, shared by create and rotate. */
    static final class Roles {
        @Option(names = "--root-key", paramLabel = "KEY", description = "a key of the root role (public or private"
                + " key file; repeat for more)")
        List<Path> rootKeys = List.of();

        @Option(names = "--root-threshold", paramLabel = "N", description = "how many root keys must sign")
        Integer rootThreshold;

        @Option(names = "--desired-state-key", paramLabel = "KEY", description = "a key of the desired-state role"
                + " (repeat for more)")
        List<Path> desiredStateKeys = List.of();

        @Option(names = "--desired-state-threshold", paramLabel = "N", description = "how many desired-state keys"
                + " must sign a desired state")
        Integer desiredStateThreshold;

        @Option(names = "--expires", paramLabel = "TIME", defaultValue = "8760h", description = "a time"
                + " (2030-01-01T00:00:00Z) or a duration from now (default ${DEFAULT-VALUE}, a year)")
        String expires;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            header = "Write a new, unsigned trust root (version 1 unless --version says otherwise).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        RootCommand root;

        @CommandLine.Mixin
        Roles roles;

        @Option(names = "--version", paramLabel = "N", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
        int version;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where to write it (default: stdout)")
        Path out;

        @Override
        public Integer call() {
            if (roles.rootKeys.isEmpty() || roles.desiredStateKeys.isEmpty()) {
                throw new CliFailure(ExitCode.INVALID_INPUT, "a trust root needs at least one --root-key and one"
                        + " --desired-state-key");
            }
            ObjectNode document = build(version, roles, TrustFiles.keys(roles.rootKeys),
                    TrustFiles.keys(roles.desiredStateKeys), root.cli.environment.clock());
            TrustFiles.write(root.spec.commandLine().getOut(), out, document);
            hint(root.spec.commandLine().getErr(), "sign it with a threshold of its root keys: vehicle-update root"
                    + " sign --key ROOT-KEY " + (out == null ? "FILE" : out));
            return ExitCode.OK;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            header = "Add signatures to a trust root (in place unless --out is given).")
    static final class Sign implements Callable<Integer> {
        @ParentCommand
        RootCommand root;

        @Option(names = "--key", paramLabel = "KEY", required = true, description = "a private root key (repeat for"
                + " more)")
        List<Path> keys;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where to write it (default: ROOT)")
        Path out;

        @Parameters(paramLabel = "ROOT", description = "the trust root file")
        Path file;

        @Override
        public Integer call() {
            ObjectNode signed;
            TrustRoot parsed;
            try {
                signed = Signer.signRoot(TrustFiles.readJson(file, "trust root"), TrustFiles.keys(keys));
                parsed = TrustRoot.parse(signed);
            } catch (TrustException e) {
                throw new CliFailure(ExitCode.INVALID_INPUT, file + ": " + e.getMessage());
            }
            TrustFiles.write(root.spec.commandLine().getOut(), out == null ? file : out, signed);
            Tally own = parsed.tally(parsed.signatures(), parsed.signedCanonical(), Role.ROOT, Set.of());
            hint(root.spec.commandLine().getErr(), "trust root version " + parsed.version() + ": "
                    + own.validKeys().size() + " of the " + own.threshold() + " root signatures it needs"
                    + (own.met() ? "; ready" : ""));
            return ExitCode.OK;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
            header = "Write the next version of a trust root, unsigned; keys and thresholds not given are kept.",
            description = {"The vehicle takes the new root only when a threshold of the CURRENT root's root keys and a"
                    + " threshold of its own root keys signed it (TUF's rotation rule): sign it with both (vehicle-update"
                    + " root sign), then publish it on vehicleupdate/trust/root. It takes effect at once: the keys it"
                    + " drops no longer count, and the sequence starts at 0.%n"})
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        RootCommand root;

        @CommandLine.Mixin
        Roles roles;

        @Option(names = "--from", paramLabel = "CURRENT", required = true, description = "the root in force")
        Path current;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "where to write it (default: stdout)")
        Path out;

        @Override
        public Integer call() {
            TrustRoot from = TrustFiles.readRoot(current);
            List<ECKey> rootKeys = roles.rootKeys.isEmpty() ? keysOf(from, Role.ROOT) : TrustFiles.keys(roles.rootKeys);
            List<ECKey> desiredStateKeys = roles.desiredStateKeys.isEmpty() ? keysOf(from, Role.DESIRED_STATE)
                    : TrustFiles.keys(roles.desiredStateKeys);
            if (roles.rootThreshold == null && roles.rootKeys.isEmpty()) {
                roles.rootThreshold = from.role(Role.ROOT).threshold();
            }
            if (roles.desiredStateThreshold == null && roles.desiredStateKeys.isEmpty()) {
                roles.desiredStateThreshold = from.role(Role.DESIRED_STATE).threshold();
            }
            ObjectNode next = build(from.version() + 1, roles, rootKeys, desiredStateKeys, root.cli.environment.clock());
            TrustFiles.write(root.spec.commandLine().getOut(), out, next);
            hint(root.spec.commandLine().getErr(), "sign it with " + from.role(Role.ROOT).threshold() + " root key(s)"
                    + " of version " + from.version() + " and with its own root keys (vehicle-update root sign), then"
                    + " publish it on vehicleupdate/trust/root");
            return ExitCode.OK;
        }

        private static List<ECKey> keysOf(TrustRoot root, String role) {
            return root.role(role).keyIds().stream().map(id -> root.keys().get(id)).toList();
        }
    }

    private static ObjectNode build(int version, Roles roles, List<ECKey> rootKeys, List<ECKey> desiredStateKeys,
            java.time.Clock clock) {
        try {
            return RootBuilder.unsigned(version, TrustFiles.expiry(roles.expires, clock), rootKeys,
                    roles.rootThreshold == null ? 1 : roles.rootThreshold, desiredStateKeys,
                    roles.desiredStateThreshold == null ? 1 : roles.desiredStateThreshold);
        } catch (TrustException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    private static void hint(PrintWriter err, String text) {
        err.println(text);
        err.flush();
    }
}

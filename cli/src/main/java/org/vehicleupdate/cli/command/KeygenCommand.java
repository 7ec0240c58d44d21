package org.vehicleupdate.cli.command;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.trust.KeyFiles;
import org.vehicleupdate.updatemanager.trust.KeyIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keygen FILE}: a new EC P-256 key pair for a root or desired-state role. */
@Command(name = "keygen", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Generate a signing key (EC P-256) for a trust root's root or desired-state role.",
        description = {"Writes the private key to FILE (JWK, or PEM when FILE ends with .pem; readable by its owner"
                + " only) and the public key beside it (NAME.pub.jwk or NAME.pub.pem). The private key never needs"
                + " to be on a vehicle: the trust root holds the public keys. Prints the key's id (its JWK"
                + " thumbprint), as trust roots and signatures name it.%n"})
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "where the private key goes")
    Path file;

    @Option(names = "--force", description = "replace FILE if it exists")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(file) && !force) {
            throw new CliFailure(ExitCode.INVALID_INPUT, file + " exists; --force replaces it");
        }
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("P-256 is in every Java runtime", e);
        }
        Path publicFile = KeyFiles.publicFileFor(file);
        KeyFiles.writePrivate(file, key);
        KeyFiles.writePublic(publicFile, key);
        PrintWriter out = spec.commandLine().getOut();
        out.println("key " + KeyIds.of(key) + ": private key in " + file + " (keep it off the vehicle), public key in "
                + publicFile);
        out.flush();
        return ExitCode.OK;
    }
}

package org.vehicleupdate.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.trust.Expiry;
import org.vehicleupdate.cli.trust.KeyFiles;
import org.vehicleupdate.updatemanager.trust.CanonicalJson;
import org.vehicleupdate.updatemanager.trust.TrustException;
import org.vehicleupdate.updatemanager.trust.TrustRoot;

/** Reading and writing the files of the trust commands; every problem ends the command with exit code 2. */
final class TrustFiles {
    private TrustFiles() {
    }

    static ObjectNode readJson(Path file, String what) {
        try {
            return CanonicalJson.readObject(Files.readAllBytes(file), file + " (" + what + ")");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
        } catch (TrustException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    static TrustRoot readRoot(Path file) {
        try {
            return TrustRoot.parse(readJson(file, "trust root"));
        } catch (TrustException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, file + ": " + e.getMessage());
        }
    }

    static List<ECKey> keys(List<Path> files) {
        try {
            return files.stream().map(KeyFiles::read).toList();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    static Instant expiry(String text, Clock clock) {
        try {
            return Expiry.parse(text, clock);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    /** To {@code file}, or to stdout when there is none. */
    static void write(PrintWriter out, Path file, ObjectNode json) {
        byte[] content = CanonicalJson.pretty(json);
        if (file == null) {
            out.print(new String(content, StandardCharsets.UTF_8));
            out.flush();
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(file, content);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, "cannot write " + file + ": " + e.getMessage());
        }
    }
}

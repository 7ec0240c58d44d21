package org.vehicleupdate.cli.command;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * One in-process run of {@code vehicle-update}, as a user would type it, with its output captured. The
 * environment is empty (the machine's MQTT_* variables must not leak in), stdout is not a terminal.
 */
final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String stdin;

    private CliRun(String stdin) {
        this.stdin = stdin;
    }

    static CliRun withStdin(String stdin) {
        return new CliRun(stdin);
    }

    static CliRun plain() {
        return new CliRun("");
    }

    int execute(String... args) {
        CliEnvironment environment = new CliEnvironment(name -> Optional.empty(),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Clock.systemUTC(), ZoneOffset.UTC,
                false, () -> UUID.randomUUID().toString());
        CommandLine commandLine = VehicleUpdateCli.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Runs on another thread, for a command that waits for what the test publishes. */
    CompletableFuture<Integer> start(String... args) {
        return CompletableFuture.supplyAsync(() -> execute(args));
    }

    /** What was printed so far (StringWriter is synchronised: safe to read while the command runs). */
    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}

package org.vehicleupdate.cli.command;

import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands take from the process, so that tests can run them in-process with their own.
 *
 * @param environment   environment variables by name
 * @param interactive   stdout is a terminal: progress may redraw lines in place
 * @param newActivityId a fresh activityId for each message the CLI starts
 */
public record CliEnvironment(Function<String, Optional<String>> environment, InputStream stdin, Clock clock,
        ZoneId zone, boolean interactive, Supplier<String> newActivityId) {

    /** The real process: its environment, stdin, the system clock; interactive when there is a console. */
    public static CliEnvironment system() {
        return new CliEnvironment(name -> Optional.ofNullable(System.getenv(name)), System.in, Clock.systemUTC(),
                ZoneId.systemDefault(), System.console() != null, () -> UUID.randomUUID().toString());
    }
}

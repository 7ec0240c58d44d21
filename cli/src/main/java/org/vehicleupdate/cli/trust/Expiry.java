package org.vehicleupdate.cli.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.vehicleupdate.kit.time.GoDuration;

/** {@code --expires}: a time ({@code 2030-01-01T00:00:00Z}) or a Go duration from now ({@code 168h}). */
public final class Expiry {
    private Expiry() {
    }

    /** @throws IllegalArgumentException saying both accepted forms */
    public static Instant parse(String text, Clock clock) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notATime) {
            try {
                Duration duration = GoDuration.parse(text);
                return clock.instant().plus(duration).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            } catch (IllegalArgumentException notADuration) {
                throw new IllegalArgumentException("--expires: expected a time such as 2030-01-01T00:00:00Z or a"
                        + " duration such as 168h, got '" + text + "'");
            }
        }
    }
}

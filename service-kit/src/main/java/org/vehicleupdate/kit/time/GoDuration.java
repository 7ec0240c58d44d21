package org.vehicleupdate.kit.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Go writes them ({@code 30s}, {@code 1m30s}, {@code 1h}, {@code 250ms}, {@code 1.5h}),
 * because Kanto's and Leda's configuration files use that syntax.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** @throws IllegalArgumentException naming the text when it is not a Go duration */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = PART.matcher(trimmed);
        int end = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (matcher.find() && matcher.start() == end) {
            nanos = nanos.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitNanos(matcher.group(2)))));
            end = matcher.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 1m30s or 1h");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Writes a duration the way Go's {@code time.Duration.String} does for whole seconds: {@code 3m0s}. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0 && !duration.isZero()) {
            return duration.toMillis() + "ms";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        if (minutes > 0) {
            return minutes + "m" + rest + "s";
        }
        return rest + "s";
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }
}

package org.vehicleupdate.containers.spec;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kanto's size strings: a number and a mandatory 1024-based unit, {@code 200M}, {@code 1.5g}, {@code 512 k}. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)?) ?([kKmMgG])$");

    private ByteSize() {
    }

    /** @throws IllegalArgumentException when the text is not a size */
    public static long parse(String text) {
        Matcher matcher = SIZE.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size such as 200M, 1.5G or 512k");
        }
        long unit = switch (Character.toLowerCase(matcher.group(3).charAt(0))) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
    }

    public static boolean isValid(String text) {
        return SIZE.matcher(text).matches();
    }
}

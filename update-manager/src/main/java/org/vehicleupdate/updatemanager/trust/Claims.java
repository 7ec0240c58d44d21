package org.vehicleupdate.updatemanager.trust;

import com.nimbusds.jose.JWSHeader;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What a signer states in the protected header of each signature, besides the key id: the vehicle the message is
 * for ({@code vehicle}), when it stops being valid ({@code exp}, seconds since the epoch as in JWT) and its place
 * in the sequence ({@code seq}, an integer that only grows). All three are listed in {@code crit}, so that a
 * verifier that does not know them must refuse the signature rather than ignore them.
 */
public record Claims(String vehicle, Instant expires, long sequence) {
    public static final String VEHICLE = "vehicle";
    public static final String EXPIRES = "exp";
    public static final String SEQUENCE = "seq";
    public static final Set<String> CRITICAL = Set.of(VEHICLE, EXPIRES, SEQUENCE);

    /** @throws TrustException naming the parameter that is missing or of the wrong type */
    public static Claims of(JWSHeader header) throws TrustException {
        Object vehicle = header.getCustomParam(VEHICLE);
        if (!(vehicle instanceof String text) || text.isBlank()) {
            throw new TrustException("the protected header has no vehicle");
        }
        return new Claims(text, Instant.ofEpochSecond(integer(header, EXPIRES)), integer(header, SEQUENCE));
    }

    private static long integer(JWSHeader header, String name) throws TrustException {
        Object value = header.getCustomParam(name);
        if (value instanceof Long || value instanceof Integer) {
            long number = ((Number) value).longValue();
            if (number >= 0) {
                return number;
            }
        }
        throw new TrustException("the protected header's " + name + " must be a non-negative integer, got "
                + (value == null ? "none" : value));
    }

    public Map<String, Object> headerParams() {
        return Map.of(VEHICLE, vehicle, EXPIRES, expires.getEpochSecond(), SEQUENCE, sequence);
    }
}

package org.vehicleupdate.updatemanager.trust;

import java.util.Locale;

/** {@code trust.mode}: whether the update-manager requires signed desired states. */
public enum TrustMode {
    /** Kanto's behaviour: a desired state is taken as it comes; a signature in it is ignored. */
    OFF,
    /** Only a desired state signed for this vehicle under the trust root changes the vehicle. */
    ENFORCE;

    /** @throws IllegalArgumentException naming the accepted values */
    public static TrustMode parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "off" -> OFF;
            case "enforce" -> ENFORCE;
            default -> throw new IllegalArgumentException("trust.mode: expected off or enforce, got '" + text + "'");
        };
    }
}

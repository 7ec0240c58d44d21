package org.vehicleupdate.updatemanager.trust;

import java.util.List;

/**
 * A role of the trust root: the keys that may sign for it and how many of them must.
 *
 * @param keyIds JWK thumbprints (RFC 7638, SHA-256) of the role's keys
 */
public record Role(List<String> keyIds, int threshold) {
    /** Signs new trust roots and resets of the sequence. */
    public static final String ROOT = "root";
    /** Signs desired states. */
    public static final String DESIRED_STATE = "desired-state";

    public Role {
        keyIds = List.copyOf(keyIds);
    }
}

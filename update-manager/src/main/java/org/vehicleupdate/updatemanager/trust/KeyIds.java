package org.vehicleupdate.updatemanager.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;

/** A key's id: its JWK thumbprint (RFC 7638, SHA-256, base64url), the same for its public and private form. */
public final class KeyIds {
    private KeyIds() {
    }

    public static String of(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

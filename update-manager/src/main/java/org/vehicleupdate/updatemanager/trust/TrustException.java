package org.vehicleupdate.updatemanager.trust;

/**
 * A message or a trust root that is not trusted, with the reason as the operator reads it (the refusal's text).
 */
public final class TrustException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrustException(String reason) {
        super(reason);
    }

    public TrustException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

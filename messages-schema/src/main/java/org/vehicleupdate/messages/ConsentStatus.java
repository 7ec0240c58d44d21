package org.vehicleupdate.messages;

/** The owner's answer to an {@link OwnerConsent}. */
public enum ConsentStatus {
    APPROVED,
    DENIED
}

package org.vehicleupdate.messages;

import java.util.Objects;

/** The owner's answer, from the HMI. */
public record OwnerConsentFeedback(ConsentStatus status) {
    public OwnerConsentFeedback {
        Objects.requireNonNull(status, "status");
    }
}

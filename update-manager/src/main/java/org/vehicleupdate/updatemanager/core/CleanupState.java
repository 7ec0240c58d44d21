package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.Status;

/** One domain's CLEANUP, beside its {@link DomainState}: sent once, answered once. */
public enum CleanupState {
    NOT_SENT,
    /** CLEANUP was sent; waiting for the answer. */
    CLEANING,
    CLEANED,
    FAILED;

    /**
     * The state an agent's answer moves this one to, or empty when it does not fit. Kanto's agents answer
     * CLEANUP_SUCCESS and then their domain's final COMPLETED or INCOMPLETE; the first answer counts.
     */
    public Optional<CleanupState> after(Status status) {
        if (this != CLEANING) {
            return Optional.empty();
        }
        return switch (status) {
            case CLEANUP_SUCCESS, COMPLETED -> Optional.of(CLEANED);
            case CLEANUP_FAILURE, INCOMPLETE -> Optional.of(FAILED);
            default -> Optional.empty();
        };
    }

    public CleanupState afterTimeout() {
        return this == CLEANING ? FAILED : this;
    }
}

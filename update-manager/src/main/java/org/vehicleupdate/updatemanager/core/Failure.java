package org.vehicleupdate.updatemanager.core;

import java.util.Objects;
import org.vehicleupdate.messages.Status;

/**
 * Why a domain failed.
 *
 * @param phase  the orchestration phase it failed in
 * @param status the agent's failure status (or the one its silence is reported with)
 * @param reason the agent's words, or what the manager saw ({@code no answer within 10m0s}); may be empty
 */
public record Failure(OrchestrationPhase phase, Status status, String reason) {
    public Failure {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /** Failed after DOWNLOAD_SUCCESS: what it staged has to be rolled back. */
    boolean afterDownload() {
        return switch (phase) {
            case UPDATE, ACTIVATE, AWAITING_REBOOT, VERIFICATION -> true;
            default -> false;
        };
    }
}

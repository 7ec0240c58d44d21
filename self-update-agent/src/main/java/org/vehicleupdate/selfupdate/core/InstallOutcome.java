package org.vehicleupdate.selfupdate.core;

/**
 * How an install ended, from RAUC's {@code Completed} signal.
 *
 * @param lastError RAUC's {@code LastError} when it failed, otherwise empty
 */
public record InstallOutcome(boolean success, String lastError) {
    public InstallOutcome {
        lastError = lastError == null ? "" : lastError;
    }
}

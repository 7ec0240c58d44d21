package org.vehicleupdate.messages;

import java.util.EnumSet;
import java.util.Set;

/**
 * The status of a desired state feedback: the overall statuses of an update and the per-phase statuses an
 * agent reports. Spelled exactly as Kanto's {@code StatusType} and {@code BaselineStatus} constants, plus
 * {@link #COMPLETE}, which Leda's self-update agent sends instead of {@link #COMPLETED}.
 */
public enum Status {
    IDENTIFYING,
    IDENTIFIED,
    IDENTIFICATION_FAILED,
    RUNNING,
    COMPLETED,
    INCOMPLETE,
    INCOMPLETE_INCONSISTENT,
    SUPERSEDED,
    DOWNLOADING,
    DOWNLOAD_SUCCESS,
    DOWNLOAD_FAILURE,
    UPDATING,
    UPDATE_SUCCESS,
    UPDATE_FAILURE,
    ACTIVATING,
    ACTIVATION_SUCCESS,
    ACTIVATION_FAILURE,
    CLEANUP,
    CLEANUP_SUCCESS,
    CLEANUP_FAILURE,
    ROLLBACK,
    ROLLBACK_SUCCESS,
    ROLLBACK_FAILURE,
    /** Leda's self-update agent: the end of a successful update. */
    COMPLETE;

    private static final Set<Status> OVERALL =
            EnumSet.of(IDENTIFYING, IDENTIFIED, IDENTIFICATION_FAILED, RUNNING, COMPLETED, INCOMPLETE);

    /** The only statuses the update-manager itself publishes on its feedback topic. */
    public boolean isOverall() {
        return OVERALL.contains(this);
    }
}

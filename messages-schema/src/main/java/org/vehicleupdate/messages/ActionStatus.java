package org.vehicleupdate.messages;

/**
 * The status of one action (one component) in a feedback. Spelled exactly as Kanto's
 * {@code ActionStatusType} constants, plus {@link #UPDATED}, which Leda's self-update agent sends after
 * activation.
 */
public enum ActionStatus {
    IDENTIFIED,
    DOWNLOADING,
    DOWNLOAD_FAILURE,
    DOWNLOAD_SUCCESS,
    UPDATING,
    UPDATE_FAILURE,
    UPDATE_SUCCESS,
    REMOVING,
    REMOVAL_FAILURE,
    REMOVAL_SUCCESS,
    ACTIVATING,
    ACTIVATION_FAILURE,
    ACTIVATION_SUCCESS,
    /** Leda's self-update agent: the new image is activated. */
    UPDATED
}

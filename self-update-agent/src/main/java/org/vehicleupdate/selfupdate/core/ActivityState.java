package org.vehicleupdate.selfupdate.core;

import org.vehicleupdate.messages.Status;

/**
 * Where the agent's activity stands. The order of the successful states matters: a state at or after another
 * one has passed it ({@link #passed}).
 */
public enum ActivityState {
    /** Identified; waits for DOWNLOAD. */
    IDENTIFIED(Status.IDENTIFIED),
    /** Downloading; after a restart the download is resumed. */
    DOWNLOADING(Status.DOWNLOADING),
    /** The bundle is in the data directory; waits for UPDATE. */
    DOWNLOADED(Status.DOWNLOAD_SUCCESS),
    /** RAUC is writing the other slot; after a restart RAUC's result is read back. */
    INSTALLING(Status.UPDATING),
    /** The other slot is written, the booted slot still boots next; waits for ACTIVATE. */
    INSTALLED(Status.UPDATE_SUCCESS),
    /** The other slot boots next; waits for the reboot. */
    ACTIVATED(Status.ACTIVATION_SUCCESS),
    /** The new slot has booted with the desired version and is on trial; waits for CLEANUP to commit it. */
    VERIFIED(Status.ACTIVATION_SUCCESS),
    /** A phase failed (see the activity's failure); waits for ROLLBACK or CLEANUP. */
    FAILED(Status.INCOMPLETE),
    /** Rolled back; waits for CLEANUP. */
    ROLLED_BACK(Status.ROLLBACK_SUCCESS),
    /** Finished with COMPLETED or INCOMPLETE. */
    FINISHED(Status.COMPLETED);

    private final Status reported;

    ActivityState(Status reported) {
        this.reported = reported;
    }

    /** The status that was last reported in this state (for FAILED and FINISHED the activity knows better). */
    Status reported() {
        return reported;
    }

    boolean passed(ActivityState other) {
        return ordinal() >= other.ordinal();
    }
}

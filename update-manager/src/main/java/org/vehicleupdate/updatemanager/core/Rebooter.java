package org.vehicleupdate.updatemanager.core;

/** The port that restarts the vehicle: a system command in production, a simulation on the virtual vehicle. */
public interface Rebooter {

    /**
     * Asks for the reboot. It may never return (the process is killed by the reboot); when it returns, the
     * reboot was carried out or is under way.
     *
     * @param activityId the activity the reboot is for, for the log
     * @throws RebootFailedException when the reboot could not even be asked for
     */
    void reboot(String activityId) throws RebootFailedException;

    /** The reboot command failed; the message says how. */
    final class RebootFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        public RebootFailedException(String message) {
            super(message);
        }
    }
}

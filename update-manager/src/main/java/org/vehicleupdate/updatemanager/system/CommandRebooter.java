package org.vehicleupdate.updatemanager.system;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vehicleupdate.updatemanager.core.Rebooter;

/**
 * Reboots with a shell command: {@code systemctl reboot} on a vehicle, a script that simulates the reboot on
 * the virtual vehicle. That script may kill this process; the journal already says the reboot was issued.
 */
public final class CommandRebooter implements Rebooter {
    private static final System.Logger LOG = System.getLogger(CommandRebooter.class.getName());
    private final String command;
    private final Duration timeout;

    public CommandRebooter(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    @Override
    public void reboot(String activityId) throws RebootFailedException {
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] running the reboot command: " + command);
        Process process;
        try {
            process = new ProcessBuilder(List.of("/bin/sh", "-c", command)).inheritIO().start();
        } catch (IOException e) {
            throw new RebootFailedException("cannot run '" + command + "': " + e.getMessage());
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RebootFailedException("'" + command + "' did not finish within " + timeout.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            // The service is being stopped while the command runs: that is the reboot at work (it stops the
            // services), not a failure. The interrupt is not passed on, so that the journal write that follows
            // is not cut off; after the restart the manager verifies the activation.
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] stopped while the reboot command runs; the reboot"
                    + " is under way");
            return;
        }
        if (process.exitValue() != 0) {
            throw new RebootFailedException("'" + command + "' exited with " + process.exitValue());
        }
    }
}

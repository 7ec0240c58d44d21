package org.vehicleupdate.selfupdate.core;

import java.nio.file.Path;
import java.time.Duration;

/** The port to RAUC's installer service. */
public interface Rauc {

    SystemStatus status() throws RaucException;

    /** The version in the bundle's manifest; RAUC verifies the signature first. */
    String bundleVersion(Path bundle) throws RaucException;

    /**
     * Installs the bundle into the other slot and returns when RAUC reports it completed.
     *
     * @param progress receives RAUC's overall percentage and step text while it installs
     * @throws RaucException when RAUC refuses to start (busy, unreachable) or does not finish in time
     */
    InstallOutcome install(Path bundle, InstallProgress progress) throws RaucException;

    /** Makes the slot the one the bootloader boots next. */
    void markActive(String slot) throws RaucException;

    /** Commits the slot: the bootloader stops counting trial boots for it. */
    void markGood(String slot) throws RaucException;

    /** Whether RAUC is in the middle of an install (after a restart of the agent, it may still be). */
    boolean installing() throws RaucException;

    /** Waits until RAUC is no longer installing. */
    void awaitIdle(Duration timeout) throws RaucException;

    /** Receives install progress. */
    @FunctionalInterface
    interface InstallProgress {
        void progress(int percent, String step);
    }
}

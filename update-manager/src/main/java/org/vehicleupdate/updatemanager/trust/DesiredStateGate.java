package org.vehicleupdate.updatemanager.trust;

import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The update-manager's door: every desired state passes here after it was read and before the orchestrator
 * sees it. A gate may turn an accepted message into a refusal (the orchestrator then answers
 * IDENTIFICATION_FAILED with the reason); it never lets a refused one through.
 */
@FunctionalInterface
public interface DesiredStateGate {

    /**
     * @param raw  the message exactly as received: what a signature covers
     * @param read what the reader made of it
     */
    ReadResult<DesiredState> admit(byte[] raw, ReadResult<DesiredState> read);

    /** {@code trust.mode=off}: everything passes as it was read. */
    static DesiredStateGate open() {
        return (raw, read) -> read;
    }
}

package org.vehicleupdate.updatemanager.trust;

import java.util.Optional;

/**
 * The port to where the last accepted sequence is kept. {@link #save} is durable when it returns: it is called
 * before a desired state is passed on, so that no crash can make a replay acceptable.
 */
public interface TrustState {

    Optional<SequenceRecord> load();

    /** @throws java.io.UncheckedIOException when the record cannot be written; the message is then refused */
    void save(SequenceRecord record);
}

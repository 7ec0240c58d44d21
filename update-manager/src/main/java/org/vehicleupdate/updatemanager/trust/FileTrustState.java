package org.vehicleupdate.updatemanager.trust;

import java.nio.file.Path;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFile;

/**
 * {@code <data-dir>/trust/sequence.json}, replaced atomically (temporary file, fsync, rename, fsync of the
 * directory). A file that cannot be read is moved aside with a log line and the sequence starts at 0, as for the
 * journals: damaged state must never strand a vehicle.
 */
public final class FileTrustState implements TrustState {
    private final JournalFile<SequenceRecord> file;

    public FileTrustState(Path dataDirectory) {
        this.file = new JournalFile<>(dataDirectory.resolve("trust").resolve("sequence.json"), SequenceRecord.class);
    }

    @Override
    public Optional<SequenceRecord> load() {
        return file.load();
    }

    @Override
    public void save(SequenceRecord record) {
        file.save(record);
    }
}

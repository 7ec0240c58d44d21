package org.vehicleupdate.updatemanager.trust;

import java.nio.file.Path;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFile;

/**
 * {@code <data-dir>/trust/root.json}, replaced atomically. Not part of the journals: {@code reset-journals.sh}
 * leaves it, so a reset never brings back keys that a rotation retired.
 */
public final class FileRootStore implements RootStore {
    private final JournalFile<RotatedRoot> file;

    public FileRootStore(Path dataDirectory) {
        this.file = new JournalFile<>(dataDirectory.resolve("trust").resolve("root.json"), RotatedRoot.class);
    }

    @Override
    public Optional<RotatedRoot> load() {
        return file.load();
    }

    @Override
    public void save(RotatedRoot root) {
        file.save(root);
    }
}

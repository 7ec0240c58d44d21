package org.vehicleupdate.selfupdate.store;

import java.nio.file.Path;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFile;
import org.vehicleupdate.selfupdate.core.ActivityJournal;
import org.vehicleupdate.selfupdate.core.SelfUpdateActivity;

/** The activity in {@code <data>/self-update-journal.json}, replaced atomically on every change. */
public final class JournalActivityStore implements ActivityJournal {
    private final JournalFile<SelfUpdateActivity> file;

    public JournalActivityStore(Path dataDirectory) {
        this.file = new JournalFile<>(dataDirectory.resolve("self-update-journal.json"), SelfUpdateActivity.class);
    }

    @Override
    public Optional<SelfUpdateActivity> load() {
        return file.load();
    }

    @Override
    public void save(SelfUpdateActivity activity) {
        file.save(activity);
    }
}

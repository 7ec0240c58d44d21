package org.vehicleupdate.updatemanager.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFile;
import org.vehicleupdate.updatemanager.core.Activity;
import org.vehicleupdate.updatemanager.core.ActivityJournal;
import org.vehicleupdate.updatemanager.core.FinishedActivity;

/** The manager's journal as one atomically replaced JSON file, {@code <data-dir>/update-manager.journal.json}. */
public final class FileActivityJournal implements ActivityJournal {
    private final JournalFile<Document> file;

    public FileActivityJournal(Path dataDirectory) {
        this.file = new JournalFile<>(dataDirectory.resolve("update-manager.journal.json"), Document.class);
    }

    @Override
    public Content load() {
        return file.load()
                .map(d -> new Content(Optional.ofNullable(d.active), d.recent == null ? List.of() : d.recent))
                .orElse(Content.empty());
    }

    @Override
    public void save(Content content) {
        file.save(new Document(content.active().orElse(null), content.recent()));
    }

    /** The file's shape; {@code active} is absent (null in JSON terms) when no activity is open. */
    private record Document(Activity active, List<FinishedActivity> recent) {
    }
}

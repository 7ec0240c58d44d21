package org.vehicleupdate.selfupdate.store;

import java.nio.file.Path;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.journal.JournalRefusal;
import org.vehicleupdate.kit.journal.SnapshotJournal;
import org.vehicleupdate.selfupdate.core.ActivityJournal;
import org.vehicleupdate.selfupdate.core.SelfUpdateActivity;

/**
 * The activity in {@code <data>/self-update-agent.journal} (service-kit's journal): every change appended as the
 * whole activity, the file compacted to the newest one when the agent starts.
 */
public final class SelfUpdateJournal implements ActivityJournal, AutoCloseable {
    public static final String FILE = "self-update-agent.journal";
    /** What versions before the journal of records wrote: one JSON document. */
    public static final String EARLIER_FORMAT_FILE = "self-update-journal.json";

    private final SnapshotJournal<SelfUpdateActivity> journal;

    /**
     * @throws JournalFormatException when the journal is not fully understood, or one of an earlier format holds an open
     *                                activity
     */
    public SelfUpdateJournal(Path dataDirectory) {
        // the earlier format's activity was finished in phase FINISHED; any other phase was still open
        JournalRefusal.setAsideEarlierFormat(dataDirectory.resolve(EARLIER_FORMAT_FILE),
                old -> !(old.has("phase") && "FINISHED".equals(old.get("phase").getAsString())));
        this.journal = SnapshotJournal.open(dataDirectory.resolve(FILE), "self-update-agent", new ActivityCodec());
    }

    @Override
    public Optional<SelfUpdateActivity> load() {
        return journal.latest(SelfUpdateActivity.class);
    }

    @Override
    public void save(SelfUpdateActivity activity) {
        journal.save(activity);
    }

    public Path path() {
        return journal.path();
    }

    @Override
    public void close() {
        journal.close();
    }
}

package org.vehicleupdate.example.store;

import java.nio.file.Path;
import java.util.Optional;
import org.vehicleupdate.example.core.ActivityJournal;
import org.vehicleupdate.example.core.ConfigActivity;
import org.vehicleupdate.example.core.ConfigFile;
import org.vehicleupdate.kit.journal.RecordCodec;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;
import org.vehicleupdate.kit.journal.SnapshotJournal;
import org.vehicleupdate.messages.Status;

/**
 * The activity in service-kit's journal: one record type, {@code activity}, written and read field by field, so
 * that a renamed Java field can never change the file.
 */
public final class ConfigJournal implements ActivityJournal, AutoCloseable {
    private final SnapshotJournal<ConfigActivity> journal;

    public ConfigJournal(Path file) {
        this.journal = SnapshotJournal.open(file, "config-files-agent", new Codec());
    }

    @Override
    public Optional<ConfigActivity> load() {
        return journal.latest(ConfigActivity.class);
    }

    @Override
    public void save(ConfigActivity activity) {
        journal.save(activity);
    }

    @Override
    public void close() {
        journal.close();
    }

    /** Version 1: {@code {"activityId","status","message","files":[{"id","version","source","sha256","previous"}]}}. */
    private static final class Codec implements RecordCodec<ConfigActivity> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public String type(ConfigActivity record) {
            return "activity";
        }

        @Override
        public void write(ConfigActivity activity, RecordWriter fields) {
            fields.text("activityId", activity.activityId()).enumValue("status", activity.status())
                    .text("message", activity.message())
                    .objects("files", activity.files(), (file, f) -> f.text("id", file.id())
                            .text("version", file.version()).text("source", file.source())
                            .text("sha256", file.sha256()).text("previous", file.previousVersion()));
        }

        @Override
        public ConfigActivity read(String type, int version, RecordReader fields) {
            if (!type.equals("activity")) {
                throw fields.unknownType(type);
            }
            ConfigActivity activity = new ConfigActivity(fields.text("activityId"),
                    fields.enumValue("status", Status.class), fields.text("message"),
                    fields.objects("files").stream().map(f -> {
                        ConfigFile file = new ConfigFile(f.text("id"), f.text("version"), f.text("source"),
                                f.text("sha256"), f.text("previous"));
                        f.end();
                        return file;
                    }).toList());
            fields.end();
            return activity;
        }
    }
}

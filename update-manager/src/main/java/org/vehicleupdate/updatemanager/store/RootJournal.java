package org.vehicleupdate.updatemanager.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.journal.Journal;
import org.vehicleupdate.kit.journal.RecordCodec;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;
import org.vehicleupdate.updatemanager.trust.RootStore;
import org.vehicleupdate.updatemanager.trust.RotatedRoot;

/**
 * A trust root installed by rotation: {@code <data-dir>/trust/root.journal}, one record (provisionedDigest, root)
 * replaced atomically. Not one of the journals that {@code reset-journals.sh} clears, so a reset never brings back
 * keys that a rotation retired.
 */
public final class RootJournal implements RootStore {
    private static final Codec CODEC = new Codec();

    private final Path file;

    public RootJournal(Path dataDirectory) {
        this.file = dataDirectory.resolve("trust").resolve("root.journal");
    }

    @Override
    public synchronized Optional<RotatedRoot> load() {
        try (Journal<RotatedRoot> journal = Journal.open(file, "trust-root", CODEC)) {
            List<RotatedRoot> roots = journal.records();
            return roots.isEmpty() ? Optional.empty() : Optional.of(roots.get(roots.size() - 1));
        }
    }

    @Override
    public synchronized void save(RotatedRoot root) {
        try (Journal<RotatedRoot> journal = Journal.open(file, "trust-root", CODEC)) {
            journal.rewrite(List.of(root));
        }
    }

    private static final class Codec implements RecordCodec<RotatedRoot> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public String type(RotatedRoot record) {
            return "rotated-root";
        }

        @Override
        public void write(RotatedRoot record, RecordWriter fields) {
            fields.text("provisionedDigest", record.provisionedDigest()).text("root", record.root());
        }

        @Override
        public RotatedRoot read(String type, int version, RecordReader fields) {
            if (!type.equals("rotated-root")) {
                throw fields.unknownType(type);
            }
            RotatedRoot root = new RotatedRoot(fields.text("provisionedDigest"), fields.text("root"));
            fields.end();
            return root;
        }
    }
}

package org.vehicleupdate.updatemanager.store;

import org.vehicleupdate.kit.journal.RecordCodec;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;
import org.vehicleupdate.updatemanager.trust.SequenceRecord;

/**
 * The manager's journal records: the orchestration's ({@link ManagerRecordCodec}) and, version 1 as well,
 * {@code trust-sequence}: rootDigest, lastSequence, lastActivityId, lastSignature, lastResetSequence
 * ({@link SequenceRecord}).
 */
final class StoredRecordCodec implements RecordCodec<StoredRecord> {
    static final String SEQUENCE = "trust-sequence";

    private final ManagerRecordCodec steps = new ManagerRecordCodec();

    @Override
    public int version() {
        return steps.version();
    }

    @Override
    public String type(StoredRecord record) {
        if (record instanceof StoredRecord.Step step) {
            return steps.type(step.entry());
        }
        return SEQUENCE;
    }

    @Override
    public void write(StoredRecord record, RecordWriter fields) {
        if (record instanceof StoredRecord.Step step) {
            steps.write(step.entry(), fields);
        } else if (record instanceof StoredRecord.Sequence sequence) {
            SequenceRecord value = sequence.record();
            fields.text("rootDigest", value.rootDigest()).number("lastSequence", value.lastSequence())
                    .text("lastActivityId", value.lastActivityId()).text("lastSignature", value.lastSignature())
                    .number("lastResetSequence", value.lastResetSequence());
        }
    }

    @Override
    public StoredRecord read(String type, int version, RecordReader fields) {
        if (!type.equals(SEQUENCE)) {
            return new StoredRecord.Step(steps.read(type, version, fields));
        }
        SequenceRecord value = new SequenceRecord(fields.text("rootDigest"), fields.number("lastSequence"),
                fields.text("lastActivityId"), fields.text("lastSignature"), fields.number("lastResetSequence"));
        fields.end();
        return new StoredRecord.Sequence(value);
    }
}

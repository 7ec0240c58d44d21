package org.vehicleupdate.updatemanager.trust;

/**
 * What the vehicle remembers to refuse replays: the last accepted sequence number, the activity and signature it
 * came with (a redelivery of that very message is not a replay), and the last reset's sequence number. It belongs
 * to one trust root: a record of another root (a re-provisioned vehicle, a rotation) counts as none, so the
 * sequence starts at 0 again.
 *
 * @param rootDigest        {@link TrustRoot#digest()} of the root this record belongs to
 * @param lastSignature     SHA-256 of the accepted message's signature member, empty when none
 * @param lastResetSequence the sequence number of the last accepted reset (resets have their own sequence)
 */
public record SequenceRecord(String rootDigest, long lastSequence, String lastActivityId, String lastSignature,
        long lastResetSequence) {
    public SequenceRecord {
        rootDigest = rootDigest == null ? "" : rootDigest;
        lastActivityId = lastActivityId == null ? "" : lastActivityId;
        lastSignature = lastSignature == null ? "" : lastSignature;
    }

    public static SequenceRecord start(String rootDigest) {
        return new SequenceRecord(rootDigest, 0, "", "", 0);
    }

    SequenceRecord accepted(long sequence, String activityId, String signature) {
        return new SequenceRecord(rootDigest, sequence, activityId, signature, lastResetSequence);
    }

    SequenceRecord reset(long sequence, long resetSequence) {
        return new SequenceRecord(rootDigest, sequence, "", "", resetSequence);
    }
}

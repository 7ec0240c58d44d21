package org.vehicleupdate.selfupdate.store;

import java.util.Optional;
import org.vehicleupdate.kit.journal.RecordCodec;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.selfupdate.core.ActivityState;
import org.vehicleupdate.selfupdate.core.Outcome;
import org.vehicleupdate.selfupdate.core.SelfUpdateActivity;
import org.vehicleupdate.selfupdate.core.Standing;
import org.vehicleupdate.selfupdate.core.StepFacts;
import org.vehicleupdate.selfupdate.core.UpdateRequest;

/**
 * The self-update journal's one record type, {@code activity}: the whole activity, field by field.
 *
 * <pre>
 * {"request":{"activityId","version","bundleUrl","bundleSha256","bundleFile","originalSlot","targetSlot"},
 *  "state":"DOWNLOADED","reached":"DOWNLOADED","failure":{"status","message"}?,"rollbackMessage":"",
 *  "end":{"status","message"}?,
 *  "facts":{"bundleBytes","installedCountBefore","activationBootId","cleanupBeforeReboot"}}
 * </pre>
 * Version 2; version 1 had no {@code bundleSha256} (read as no pin). A change of these fields is a new version
 * that still reads the older ones.
 */
final class ActivityCodec implements RecordCodec<SelfUpdateActivity> {
    static final String ACTIVITY = "activity";

    @Override
    public int version() {
        return 2;
    }

    @Override
    public String type(SelfUpdateActivity record) {
        return ACTIVITY;
    }

    @Override
    public void write(SelfUpdateActivity activity, RecordWriter fields) {
        UpdateRequest request = activity.request();
        Standing standing = activity.standing();
        StepFacts facts = activity.facts();
        fields.object("request", r -> r.text("activityId", request.activityId()).text("version", request.version())
                .text("bundleUrl", request.bundleUrl()).text("bundleSha256", request.bundleSha256())
                .text("bundleFile", request.bundleFile())
                .text("originalSlot", request.originalSlot()).text("targetSlot", request.targetSlot()));
        fields.enumValue("state", standing.state()).enumValue("reached", standing.reached());
        standing.failure().ifPresent(failure -> fields.object("failure", f -> outcome(failure, f)));
        fields.text("rollbackMessage", standing.rollbackMessage());
        standing.end().ifPresent(end -> fields.object("end", e -> outcome(end, e)));
        fields.object("facts", f -> f.number("bundleBytes", facts.bundleBytes())
                .number("installedCountBefore", facts.installedCountBefore())
                .text("activationBootId", facts.activationBootId())
                .flag("cleanupBeforeReboot", facts.cleanupBeforeReboot()));
    }

    @Override
    public SelfUpdateActivity read(String type, int version, RecordReader fields) {
        if (!type.equals(ACTIVITY)) {
            throw fields.unknownType(type);
        }
        RecordReader r = fields.object("request");
        UpdateRequest request = new UpdateRequest(r.text("activityId"), r.text("version"), r.text("bundleUrl"),
                version >= 2 ? r.text("bundleSha256") : "", r.text("bundleFile"), r.text("originalSlot"),
                r.text("targetSlot"));
        r.end();
        Standing standing = new Standing(fields.enumValue("state", ActivityState.class),
                fields.enumValue("reached", ActivityState.class), optionalOutcome(fields, "failure"),
                fields.text("rollbackMessage"), optionalOutcome(fields, "end"));
        RecordReader f = fields.object("facts");
        StepFacts facts = new StepFacts(f.number("bundleBytes"), f.number("installedCountBefore"),
                f.text("activationBootId"), f.flag("cleanupBeforeReboot"));
        f.end();
        fields.end();
        return new SelfUpdateActivity(request, standing, facts);
    }

    private static void outcome(Outcome outcome, RecordWriter fields) {
        fields.enumValue("status", outcome.status()).text("message", outcome.message());
    }

    private static Optional<Outcome> optionalOutcome(RecordReader fields, String name) {
        if (!fields.has(name)) {
            return Optional.empty();
        }
        RecordReader o = fields.object(name);
        Outcome outcome = new Outcome(o.enumValue("status", Status.class), o.text("message"));
        o.end();
        return Optional.of(outcome);
    }
}

package org.vehicleupdate.updatemanager.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vehicleupdate.kit.journal.RecordCodec;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.updatemanager.core.ActivityPlan;
import org.vehicleupdate.updatemanager.core.ActivityProgress;
import org.vehicleupdate.updatemanager.core.CleanupState;
import org.vehicleupdate.updatemanager.core.DomainProgress;
import org.vehicleupdate.updatemanager.core.DomainState;
import org.vehicleupdate.updatemanager.core.Failure;
import org.vehicleupdate.updatemanager.core.JournalEntry;
import org.vehicleupdate.updatemanager.core.OrchestrationPhase;

/**
 * The manager's journal records, field by field. Version 1:
 * <ul>
 * <li>{@code opened}: activityId, openedAt, desiredState (wire form), domains, skipped, previousVersions
 * ([{component, version}]);</li>
 * <li>{@code moved}: activityId, phase, domains ([{domain, state, cleanup, failure?: {phase, status, reason}}]),
 * consent? (the command awaiting the owner's consent), failures, rebootIssued, activationBootId,
 * newVersionBootId, actions? (wire form);</li>
 * <li>{@code finished}: activityId, feedback (wire form);</li>
 * <li>{@code announced}: activityId.</li>
 * </ul>
 * A field added later is read as optional by the version that adds it, with the default the older files mean.
 */
public final class ManagerRecordCodec implements RecordCodec<JournalEntry> {
    static final int VERSION = 1;

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public String type(JournalEntry record) {
        if (record instanceof JournalEntry.Opened) {
            return "opened";
        } else if (record instanceof JournalEntry.Moved) {
            return "moved";
        } else if (record instanceof JournalEntry.Finished) {
            return "finished";
        }
        return "announced";
    }

    @Override
    public void write(JournalEntry record, RecordWriter fields) {
        fields.text("activityId", record.activityId());
        if (record instanceof JournalEntry.Opened opened) {
            ActivityPlan plan = opened.plan();
            fields.number("openedAt", plan.openedAt()).wire("desiredState", plan.desiredState())
                    .texts("domains", plan.domains()).texts("skipped", plan.skipped())
                    .objects("previousVersions", plan.previousVersions().entrySet(),
                            (e, f) -> f.text("component", e.getKey()).text("version", e.getValue()));
        } else if (record instanceof JournalEntry.Moved moved) {
            writeProgress(moved.progress(), fields);
            if (!moved.actions().isEmpty()) {
                fields.wire("actions", moved.actions());
            }
        } else if (record instanceof JournalEntry.Finished finished) {
            fields.wire("feedback", finished.feedback());
        }
    }

    private static void writeProgress(ActivityProgress progress, RecordWriter fields) {
        fields.enumValue("phase", progress.phase());
        fields.objects("domains", progress.domains(), (d, f) -> {
            f.text("domain", d.domain()).enumValue("state", d.state()).enumValue("cleanup", d.cleanup());
            d.failure().ifPresent(failure -> f.object("failure", o -> o.enumValue("phase", failure.phase())
                    .enumValue("status", failure.status()).text("reason", failure.reason())));
        });
        progress.awaitingConsent().ifPresent(c -> fields.enumValue("consent", c));
        fields.texts("failures", progress.failures()).flag("rebootIssued", progress.rebootIssued())
                .text("activationBootId", progress.activationBootId())
                .text("newVersionBootId", progress.newVersionBootId());
    }

    @Override
    public JournalEntry read(String type, int version, RecordReader fields) {
        String activityId = fields.text("activityId");
        JournalEntry entry = switch (type) {
            case "opened" -> readOpened(activityId, fields);
            case "moved" -> new JournalEntry.Moved(activityId, readProgress(fields),
                    fields.has("actions") ? List.of(fields.wire("actions", Action[].class)) : List.of());
            case "finished" -> new JournalEntry.Finished(activityId,
                    fields.wire("feedback", DesiredStateFeedback.class));
            case "announced" -> new JournalEntry.Announced(activityId);
            default -> throw fields.unknownType(type);
        };
        fields.end();
        return entry;
    }

    private static JournalEntry readOpened(String activityId, RecordReader fields) {
        long openedAt = fields.number("openedAt");
        DesiredState desiredState = fields.wire("desiredState", DesiredState.class);
        List<String> domains = fields.texts("domains");
        List<String> skipped = fields.texts("skipped");
        Map<String, String> previous = new LinkedHashMap<>();
        for (RecordReader pair : fields.objects("previousVersions")) {
            previous.put(pair.text("component"), pair.text("version"));
            pair.end();
        }
        return new JournalEntry.Opened(new ActivityPlan(activityId, desiredState, openedAt, domains, skipped,
                previous));
    }

    private static ActivityProgress readProgress(RecordReader fields) {
        OrchestrationPhase phase = fields.enumValue("phase", OrchestrationPhase.class);
        List<DomainProgress> domains = fields.objects("domains").stream().map(d -> {
            Optional<Failure> failure = Optional.empty();
            if (d.has("failure")) {
                RecordReader f = d.object("failure");
                failure = Optional.of(new Failure(f.enumValue("phase", OrchestrationPhase.class),
                        f.enumValue("status", Status.class), f.text("reason")));
                f.end();
            }
            DomainProgress progress = new DomainProgress(d.text("domain"), d.enumValue("state", DomainState.class),
                    d.enumValue("cleanup", CleanupState.class), failure);
            d.end();
            return progress;
        }).toList();
        Optional<Command> consent = fields.has("consent") ? Optional.of(fields.enumValue("consent", Command.class))
                : Optional.empty();
        return new ActivityProgress(phase, domains, consent, fields.texts("failures"), fields.flag("rebootIssued"),
                fields.text("activationBootId"), fields.text("newVersionBootId"));
    }
}

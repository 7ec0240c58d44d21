package org.vehicleupdate.containers.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vehicleupdate.containers.core.ActionKind;
import org.vehicleupdate.containers.core.ActionRecord;
import org.vehicleupdate.containers.core.OperationRecord;
import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.kit.journal.RecordCodec;
import org.vehicleupdate.kit.journal.RecordReader;
import org.vehicleupdate.kit.journal.RecordWriter;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

/**
 * The container agent's journal records, field by field. Version 2 (version 1: the spec had no
 * {@code imageDigest}, read as not pinned):
 *
 * <pre>
 * operation:     {"activityId","status","message","baseline","finished","activated","rolledBack","hostChanged",
 *                 "actions":[{"name","version","kind","desired":{spec},"current":{spec},"currentId",
 *                 "currentWasRunning","newId","oldAside","oldStopped","updatedInPlace","interruptedInUpdate",
 *                 "status","message","progress"}]}
 * applied-specs: {"specs":[{"containerId","spec":{spec}}]}
 * </pre>
 * with the spec as {@link SpecCodec} writes it.
 */
final class ContainerRecordCodec implements RecordCodec<ContainerRecord> {
    static final String OPERATION = "operation";
    static final String APPLIED_SPECS = "applied-specs";

    @Override
    public int version() {
        return 2;
    }

    @Override
    public String type(ContainerRecord record) {
        return record instanceof ContainerRecord.OperationSnapshot ? OPERATION : APPLIED_SPECS;
    }

    @Override
    public void write(ContainerRecord record, RecordWriter fields) {
        if (record instanceof ContainerRecord.OperationSnapshot snapshot) {
            OperationRecord op = snapshot.operation();
            fields.text("activityId", op.activityId()).enumValue("status", op.status()).text("message", op.message())
                    .text("baseline", op.baseline()).flag("finished", op.finished()).flag("activated", op.activated())
                    .flag("rolledBack", op.rolledBack()).flag("hostChanged", op.hostChanged())
                    .objects("actions", op.actions(), ContainerRecordCodec::writeAction);
        } else if (record instanceof ContainerRecord.AppliedSpecs applied) {
            fields.objects("specs", applied.byContainerId().entrySet(), (entry, w) -> w
                    .text("containerId", entry.getKey()).object("spec", s -> SpecCodec.write(entry.getValue(), s)));
        }
    }

    @Override
    public ContainerRecord read(String type, int version, RecordReader fields) {
        ContainerRecord record = switch (type) {
            case OPERATION -> new ContainerRecord.OperationSnapshot(new OperationRecord(fields.text("activityId"),
                    fields.enumValue("status", Status.class), fields.text("message"), fields.text("baseline"),
                    fields.flag("finished"), fields.flag("activated"), fields.flag("rolledBack"),
                    fields.flag("hostChanged"), fields.objects("actions").stream()
                    .map(a -> readAction(a, version)).toList()));
            case APPLIED_SPECS -> {
                Map<String, ContainerSpec> specs = new LinkedHashMap<>();
                for (RecordReader entry : fields.objects("specs")) {
                    specs.put(entry.text("containerId"), SpecCodec.read(entry.object("spec"), version));
                    entry.end();
                }
                yield new ContainerRecord.AppliedSpecs(specs);
            }
            default -> throw fields.unknownType(type);
        };
        fields.end();
        return record;
    }

    private static void writeAction(ActionRecord action, RecordWriter fields) {
        fields.text("name", action.name()).text("version", action.version()).enumValue("kind", action.kind())
                .object("desired", s -> SpecCodec.write(action.desired(), s))
                .object("current", s -> SpecCodec.write(action.current(), s))
                .text("currentId", action.currentId()).flag("currentWasRunning", action.currentWasRunning())
                .text("newId", action.newId()).flag("oldAside", action.oldAside())
                .flag("oldStopped", action.oldStopped()).flag("updatedInPlace", action.updatedInPlace())
                .flag("interruptedInUpdate", action.interruptedInUpdate()).enumValue("status", action.status())
                .text("message", action.message()).number("progress", action.progress());
    }

    private static ActionRecord readAction(RecordReader fields, int version) {
        ActionRecord action = new ActionRecord(fields.text("name"), fields.text("version"),
                fields.enumValue("kind", ActionKind.class), SpecCodec.read(fields.object("desired"), version),
                SpecCodec.read(fields.object("current"), version), fields.text("currentId"),
                fields.flag("currentWasRunning"),
                fields.text("newId"), fields.flag("oldAside"), fields.flag("oldStopped"),
                fields.flag("updatedInPlace"), fields.flag("interruptedInUpdate"),
                fields.enumValue("status", ActionStatus.class), fields.text("message"), fields.integer("progress"));
        fields.end();
        return action;
    }
}

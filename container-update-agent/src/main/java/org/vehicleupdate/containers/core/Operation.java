package org.vehicleupdate.containers.core;

import java.util.List;
import org.vehicleupdate.messages.Status;

/**
 * The update activity the agent works on, or the last one it finished, as the phases change it; the journal holds
 * its {@link #record()}. It is written before every feedback that reports a new state, and before a phase starts
 * its work, so that a restart knows which phase was cut off.
 */
public final class Operation {
    final String activityId;
    final List<ActionState> actions;
    Status status = Status.IDENTIFIED;
    String message = "";
    /** The baseline of the last command ("" or "*"), echoed in the feedback as Kanto does. */
    String baseline = "";
    boolean finished;
    /** ACTIVATE succeeded: CLEANUP removes the old containers. */
    boolean activated;
    /** A ROLLBACK restored the previous containers. */
    boolean rolledBack;
    /** A phase changed the host (DOWNLOAD created or renamed a container), so CLEANUP without ROLLBACK must restore. */
    boolean hostChanged;

    Operation(String activityId, List<ActionState> actions) {
        this.activityId = activityId;
        this.actions = List.copyOf(actions);
    }

    public String activityId() {
        return activityId;
    }

    public Status status() {
        return status;
    }

    public boolean finished() {
        return finished;
    }

    public List<ActionState> actions() {
        return actions;
    }

    /** What the journal keeps of it. */
    public OperationRecord record() {
        return new OperationRecord(activityId, status, message, baseline, finished, activated, rolledBack,
                hostChanged, actions.stream().map(ActionState::record).toList());
    }

    /** The operation the journal kept. */
    public static Operation of(OperationRecord record) {
        Operation operation = new Operation(record.activityId(), record.actions().stream().map(ActionState::of)
                .toList());
        operation.status = record.status();
        operation.message = record.message();
        operation.baseline = record.baseline();
        operation.finished = record.finished();
        operation.activated = record.activated();
        operation.rolledBack = record.rolledBack();
        operation.hostChanged = record.hostChanged();
        return operation;
    }
}

package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.ComponentRef;

/**
 * One container of an operation and how far it got: which container was there before (and whether it ran),
 * which one the agent created, what it did to the old one. Journaled with the operation as an {@link ActionRecord}.
 */
public final class ActionState {
    final String name;
    final String version;
    final ActionKind kind;
    /** For DESTROY the current spec, so that the field is never empty. */
    final ContainerSpec desired;
    /** For CREATE the desired spec, since there is no current one. */
    final ContainerSpec current;
    /** Empty for CREATE. */
    final String currentId;
    final boolean currentWasRunning;
    String newId = "";
    boolean oldAside;
    boolean oldStopped;
    boolean updatedInPlace;
    /** The agent died while UPDATE was stopping or changing the old container: the runtime may still be at it. */
    boolean interruptedInUpdate;
    ActionStatus status = ActionStatus.IDENTIFIED;
    String message;
    int progress;

    ActionState(String name, String version, ActionKind kind, ContainerSpec desired, ContainerSpec current,
            String currentId, boolean currentWasRunning) {
        this.name = name;
        this.version = version;
        this.kind = kind;
        this.desired = desired;
        this.current = current;
        this.currentId = currentId;
        this.currentWasRunning = currentWasRunning;
        this.message = kind.identificationMessage();
    }

    public String name() {
        return name;
    }

    public ActionKind kind() {
        return kind;
    }

    public ActionStatus status() {
        return status;
    }

    public String message() {
        return message;
    }

    boolean hasCurrent() {
        return !currentId.isEmpty();
    }

    /** A new container replaces the old one: RECREATE, or an UPDATE the runtime could not do in place. */
    boolean replacesCurrent() {
        return kind == ActionKind.RECREATE || kind == ActionKind.UPDATE && !newId.isEmpty();
    }

    void set(ActionStatus newStatus, String newMessage) {
        this.status = newStatus;
        this.message = newMessage;
    }

    ActionRecord record() {
        return new ActionRecord(name, version, kind, desired, current, currentId, currentWasRunning, newId, oldAside,
                oldStopped, updatedInPlace, interruptedInUpdate, status, message, progress);
    }

    static ActionState of(ActionRecord record) {
        ActionState action = new ActionState(record.name(), record.version(), record.kind(), record.desired(),
                record.current(), record.currentId(), record.currentWasRunning());
        action.newId = record.newId();
        action.oldAside = record.oldAside();
        action.oldStopped = record.oldStopped();
        action.updatedInPlace = record.updatedInPlace();
        action.interruptedInUpdate = record.interruptedInUpdate();
        action.status = record.status();
        action.message = record.message();
        action.progress = record.progress();
        return action;
    }

    Action toAction(String domain) {
        return new Action(new ComponentRef(domain + ":" + name, version), status, progress, message);
    }
}

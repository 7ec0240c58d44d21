package org.vehicleupdate.containers.core;

import java.util.ArrayList;
import java.util.List;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

/** ROLLBACK and CLEANUP: the phases that end an activity, with the new containers or with the old ones. */
final class ClosingPhases {
    private final ContainerRuntime runtime;
    private final HostRestore restorer;
    private final OperationLog log;

    ClosingPhases(ContainerRuntime runtime, HostRestore restorer, OperationLog log) {
        this.runtime = runtime;
        this.restorer = restorer;
        this.log = log;
    }

    void rollback(Operation operation) {
        log.transition(operation, Status.ROLLBACK, "");
        List<String> problems = restorer.restore(operation);
        for (ActionState action : operation.actions) {
            if (action.kind == ActionKind.CHECK) {
                continue;
            }
            action.set(ActionStatus.UPDATE_FAILURE, problems.isEmpty() ? rolledBackMessage(action)
                    : "Rollback failed: " + String.join("; ", problems));
        }
        operation.rolledBack = problems.isEmpty();
        if (problems.isEmpty()) {
            log.transition(operation, Status.ROLLBACK_SUCCESS, "The previous containers are restored.");
        } else {
            log.fail(operation, Status.ROLLBACK_FAILURE, "Rollback failed: " + String.join("; ", problems));
        }
        log.publishCurrentState(operation.activityId);
    }

    /** After ACTIVATION_SUCCESS removes the old containers; otherwise makes sure the old ones run again. */
    void cleanup(Operation operation) {
        if (operation.activated && !operation.rolledBack) {
            removeOld(operation);
            return;
        }
        log.transition(operation, Status.CLEANUP, "");
        String result;
        Status cleanup = Status.CLEANUP_SUCCESS;
        if (operation.rolledBack) {
            result = "The update was rolled back; the previous containers run as before.";
        } else if (!operation.hostChanged) {
            result = "The update was stopped before it changed anything; the containers run as before.";
        } else {
            List<String> problems = restorer.restore(operation);
            for (ActionState action : operation.actions) {
                if (action.kind != ActionKind.CHECK && problems.isEmpty()) {
                    action.set(ActionStatus.UPDATE_FAILURE, rolledBackMessage(action));
                }
            }
            if (problems.isEmpty()) {
                result = "The update did not complete; the previous containers were restored.";
            } else {
                cleanup = Status.CLEANUP_FAILURE;
                result = "The update did not complete and restoring the previous containers failed: "
                        + String.join("; ", problems);
            }
        }
        log.transition(operation, cleanup, result);
        log.finish(operation, Status.INCOMPLETE, result);
    }

    private void removeOld(Operation operation) {
        log.transition(operation, Status.CLEANUP, "");
        List<String> problems = new ArrayList<>();
        for (ActionState action : operation.actions) {
            boolean destroy = action.kind == ActionKind.DESTROY;
            if (!destroy && !action.replacesCurrent()) {
                continue;
            }
            if (destroy) {
                action.set(ActionStatus.REMOVING, action.kind.identificationMessage());
                log.report(operation);
            }
            try {
                runtime.remove(action.currentId);
                if (destroy) {
                    action.set(ActionStatus.REMOVAL_SUCCESS, "Old container instance is removed.");
                }
            } catch (ContainerRuntimeException e) {
                problems.add("cannot remove old container " + action.name + ": " + e.getMessage());
                if (destroy) {
                    action.set(ActionStatus.REMOVAL_FAILURE, e.getMessage());
                }
            }
        }
        if (problems.isEmpty()) {
            log.transition(operation, Status.CLEANUP_SUCCESS, "");
            log.finish(operation, Status.COMPLETED, "");
        } else {
            String text = String.join("; ", problems);
            log.transition(operation, Status.CLEANUP_FAILURE, text);
            log.finish(operation, Status.INCOMPLETE, "The new containers run, but cleanup failed: " + text);
        }
    }

    private static String rolledBackMessage(ActionState action) {
        return switch (action.kind) {
            case CREATE -> "Update unsuccessful, but rollback succeeded - new container instance destroyed.";
            case RECREATE -> "Update unsuccessful, but rollback succeeded - new container instance destroyed, "
                    + "old container instance restored.";
            case UPDATE -> "Update unsuccessful, but rollback succeeded - old container configuration restored.";
            case DESTROY -> "Update unsuccessful, but rollback succeeded - old container instance restored.";
            case CHECK -> action.message;
        };
    }
}

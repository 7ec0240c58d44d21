package org.vehicleupdate.containers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

/** DOWNLOAD, UPDATE and ACTIVATE: the phases that take the host forward to the desired containers. */
final class ForwardPhases {
    private final ContainerRuntime runtime;
    private final HostSteps steps;
    private final HostRestore restorer;
    private final StartupWatch startupWatch;
    private final OperationLog log;

    ForwardPhases(ContainerRuntime runtime, HostSteps steps, HostRestore restorer, StartupWatch startupWatch,
            OperationLog log) {
        this.runtime = runtime;
        this.steps = steps;
        this.restorer = restorer;
        this.startupWatch = startupWatch;
        this.log = log;
    }

    /**
     * Pulls every image first, so that an image that cannot be pulled leaves the host as it was; then creates
     * the new containers, each after renaming the old one aside. A failure undoes what this phase did.
     */
    void download(Operation operation) {
        List<ActionState> todo = operation.actions.stream()
                .filter(a -> a.kind == ActionKind.CREATE || a.kind == ActionKind.RECREATE).toList();
        operation.status = Status.DOWNLOADING;
        log.save(operation);
        for (ActionState action : todo) {
            action.set(ActionStatus.DOWNLOADING, action.kind.identificationMessage());
            action.progress = 0;
            log.report(operation);
            try {
                runtime.pull(action.desired.image(), percent -> log.progress(operation, action, percent));
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.DOWNLOAD_FAILURE, "Cannot download image " + action.desired.image() + ": "
                        + e.getMessage());
                log.fail(operation, Status.DOWNLOAD_FAILURE, sentence(action.message)
                        + " Nothing was changed on the host.");
                return;
            }
            action.progress = 100;
        }
        for (ActionState action : todo) {
            try {
                if (action.kind == ActionKind.RECREATE) {
                    steps.moveAside(operation, action);
                }
                steps.createNew(operation, action);
                action.set(ActionStatus.DOWNLOAD_SUCCESS, "New container created.");
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.DOWNLOAD_FAILURE, "Cannot create container " + action.name + ": "
                        + e.getMessage());
                List<String> problems = restorer.restore(operation);
                log.fail(operation, Status.DOWNLOAD_FAILURE, sentence(action.message) + (problems.isEmpty()
                        ? " The containers created so far were removed; the host is as before."
                        : " Undoing the download failed: " + String.join("; ", problems)));
                return;
            }
        }
        log.transition(operation, Status.DOWNLOAD_SUCCESS, "");
    }

    /** Stops what is replaced or destroyed; changes restart policy and memory in place, or recreates. */
    void update(Operation operation) {
        operation.status = Status.UPDATING;
        log.save(operation);
        for (ActionState action : operation.actions) {
            if (action.kind != ActionKind.RECREATE && action.kind != ActionKind.DESTROY
                    && action.kind != ActionKind.UPDATE) {
                continue;
            }
            action.set(ActionStatus.UPDATING, action.kind.identificationMessage());
            log.report(operation);
            try {
                if (action.kind == ActionKind.UPDATE) {
                    steps.update(operation, action);
                    action.set(ActionStatus.UPDATE_SUCCESS, "Container instance is updated with new configuration.");
                } else {
                    steps.stopOld(operation, action);
                    action.set(ActionStatus.UPDATE_SUCCESS, "Old container instance is stopped.");
                }
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.UPDATE_FAILURE, "Cannot update container " + action.name + ": "
                        + e.getMessage());
                log.fail(operation, Status.UPDATE_FAILURE, action.message);
                return;
            }
        }
        log.transition(operation, Status.UPDATE_SUCCESS, "");
    }

    /** Starts the new containers, then watches them until they prove healthy or stay up. */
    void activate(Operation operation) {
        operation.status = Status.ACTIVATING;
        log.save(operation);
        Map<ActionState, String> started = new LinkedHashMap<>();
        for (ActionState action : operation.actions) {
            String id = switch (action.kind) {
                case CREATE, RECREATE -> action.newId;
                case UPDATE -> action.newId.isEmpty() ? (action.currentWasRunning ? action.currentId : "") : action.newId;
                default -> "";
            };
            if (id.isEmpty()) {
                continue;
            }
            action.set(ActionStatus.ACTIVATING, action.kind.identificationMessage());
            log.report(operation);
            try {
                runtime.start(id);
                started.put(action, id);
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.ACTIVATION_FAILURE, "Cannot start container " + action.name + ": "
                        + e.getMessage());
                log.fail(operation, Status.ACTIVATION_FAILURE, action.message);
                return;
            }
        }
        Optional<ActionState> failed;
        try {
            failed = startupWatch.watch(started);
        } catch (ContainerRuntimeException e) {
            log.fail(operation, Status.ACTIVATION_FAILURE, "Cannot watch the started containers: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.fail(operation, Status.ACTIVATION_FAILURE, "The agent stopped while ACTIVATE watched the containers.");
            return;
        }
        if (failed.isPresent()) {
            log.fail(operation, Status.ACTIVATION_FAILURE, failed.get().message);
            return;
        }
        for (ActionState action : operation.actions) {
            if (action.kind == ActionKind.CHECK) {
                action.set(ActionStatus.ACTIVATION_SUCCESS, action.currentWasRunning
                        ? "Existing container instance is running."
                        : "Existing container instance is not running; it is left as it was.");
            }
        }
        operation.activated = true;
        log.transition(operation, Status.ACTIVATION_SUCCESS, "");
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}

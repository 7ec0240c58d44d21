package org.vehicleupdate.containers.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

/**
 * What a restart finds in the journal: a phase that was cut off is reported failed (DOWNLOAD is undone at once,
 * since nothing of it may stay); a cut-off ROLLBACK or CLEANUP is carried out to its end, since both only bring
 * the host to a known state and can be done again (a power cut in CLEANUP must not turn a completed update into a
 * failed one); activated containers are checked; anything else is reported again.
 */
final class RestartRecovery {
    private static final System.Logger LOG = System.getLogger(RestartRecovery.class.getName());

    private final ContainerRuntime runtime;
    private final HostRestore restorer;
    private final OperationLog log;
    private final ClosingPhases closing;

    RestartRecovery(ContainerRuntime runtime, HostRestore restorer, OperationLog log, ClosingPhases closing) {
        this.runtime = runtime;
        this.restorer = restorer;
        this.log = log;
        this.closing = closing;
    }

    void resume(Operation operation) {
        if (operation.finished) {
            return;
        }
        switch (operation.status) {
            case DOWNLOADING -> {
                interrupted(operation, ActionStatus.DOWNLOADING, ActionStatus.DOWNLOAD_FAILURE);
                List<String> problems = restorer.restore(operation);
                log.fail(operation, Status.DOWNLOAD_FAILURE, "The agent was restarted during DOWNLOAD; "
                        + (problems.isEmpty() ? "the containers it had created were removed and the host is as before."
                        : "undoing it failed: " + String.join("; ", problems)));
            }
            case UPDATING -> {
                operation.actions.stream().filter(a -> a.status == ActionStatus.UPDATING)
                        .forEach(a -> a.interruptedInUpdate = true);
                interrupted(operation, ActionStatus.UPDATING, ActionStatus.UPDATE_FAILURE);
                log.fail(operation, Status.UPDATE_FAILURE, "The agent was restarted during UPDATE; send ROLLBACK to "
                        + "restore the previous containers.");
            }
            case ACTIVATING -> {
                interrupted(operation, ActionStatus.ACTIVATING, ActionStatus.ACTIVATION_FAILURE);
                log.fail(operation, Status.ACTIVATION_FAILURE, "The agent was restarted during ACTIVATE; send ROLLBACK "
                        + "to restore the previous containers.");
            }
            case ROLLBACK -> {
                LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] ROLLBACK was cut off by a restart;"
                        + " carrying it out");
                closing.rollback(operation);
            }
            case CLEANUP -> {
                LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] CLEANUP was cut off by a restart;"
                        + " carrying it out");
                closing.cleanup(operation);
            }
            case ACTIVATION_SUCCESS -> verifyActivated(operation);
            default -> log.report(operation);
        }
        LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] resumed after a restart at status "
                + operation.status);
    }

    /**
     * After a restart (a reboot of the vehicle) between ACTIVATE and CLEANUP: the activated containers must
     * still be up, or have ended with 0, before CLEANUP may remove the old ones.
     */
    private void verifyActivated(Operation operation) {
        List<String> problems = new ArrayList<>();
        for (ActionState action : operation.actions) {
            String id = action.newId.isEmpty() ? (action.updatedInPlace ? action.currentId : "") : action.newId;
            if (id.isEmpty()) {
                continue;
            }
            Optional<String> problem = problem(action, id);
            if (problem.isPresent()) {
                problems.add(problem.get());
                action.set(ActionStatus.ACTIVATION_FAILURE, "After the agent restarted: " + problem.get() + ".");
            }
        }
        if (problems.isEmpty()) {
            log.report(operation);
        } else {
            operation.activated = false;
            log.fail(operation, Status.ACTIVATION_FAILURE, "After the agent restarted, the activated containers are "
                    + "not all running: " + String.join("; ", problems) + ". Send ROLLBACK to restore the previous "
                    + "containers.");
        }
    }

    private Optional<String> problem(ActionState action, String id) {
        try {
            Optional<RuntimeContainer> seen = runtime.inspect(id);
            if (seen.isEmpty()) {
                return Optional.of("container " + action.name + " is gone");
            }
            RuntimeContainer c = seen.get();
            if (!c.state().equals("running") && c.exitCode() != 0 || c.health().equals("unhealthy")) {
                return Optional.of("container " + action.name + " is " + c.state() + " (exit code " + c.exitCode()
                        + (c.health().isEmpty() ? "" : ", " + c.health()) + ")");
            }
            return Optional.empty();
        } catch (ContainerRuntimeException e) {
            return Optional.of("cannot inspect container " + action.name + ": " + e.getMessage());
        }
    }

    private static void interrupted(Operation operation, ActionStatus running, ActionStatus failed) {
        for (ActionState action : operation.actions) {
            if (action.status == running) {
                action.set(failed, "Interrupted by a restart of the agent.");
            }
        }
    }
}

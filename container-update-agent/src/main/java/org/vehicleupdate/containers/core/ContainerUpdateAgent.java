package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.DesiredStateParser;
import org.vehicleupdate.containers.spec.DesiredContainers;
import org.vehicleupdate.containers.spec.InvalidDesiredStateException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

/**
 * The containers update agent: identifies a desired state against the host, then runs the phases the
 * update-manager commands (DOWNLOAD, UPDATE, ACTIVATE, CLEANUP, ROLLBACK), reporting Kanto's feedback.
 * Calls must come from one thread. Every state is journaled before it is reported, and a restart resumes from
 * the journal: a phase that was cut off is reported failed, and ROLLBACK restores the old containers, which it
 * finds by their labels and names rather than by what the journal remembered.
 */
public final class ContainerUpdateAgent {
    private static final System.Logger LOG = System.getLogger(ContainerUpdateAgent.class.getName());
    private static final long PROGRESS_INTERVAL_MS = 500;
    private static final Set<Status> ROLLBACK_FROM = EnumSet.of(Status.DOWNLOAD_SUCCESS, Status.DOWNLOAD_FAILURE,
            Status.UPDATE_SUCCESS, Status.UPDATE_FAILURE, Status.ACTIVATION_SUCCESS, Status.ACTIVATION_FAILURE,
            Status.ROLLBACK_FAILURE);
    private static final String NOTHING_TO_DO = "No changes: the containers are as desired.";
    private static final Set<Status> CLEANUP_FROM = EnumSet.of(Status.IDENTIFIED, Status.DOWNLOAD_SUCCESS,
            Status.DOWNLOAD_FAILURE, Status.UPDATE_SUCCESS, Status.UPDATE_FAILURE, Status.ACTIVATION_SUCCESS,
            Status.ACTIVATION_FAILURE, Status.ROLLBACK_SUCCESS, Status.ROLLBACK_FAILURE, Status.CLEANUP_FAILURE);

    private final AgentSettings settings;
    private final ContainerRuntime runtime;
    private final OperationStore store;
    private final AgentOutput out;
    private final Clock clock;
    private final Pause pause;
    private final DesiredStateParser parser;
    private final AppliedSpecs applied;
    private final HostRestore restorer;
    private final StartupWatch startupWatch;
    /** The current activity, or the last finished one; null before the first desired state. */
    private Operation operation;
    private long lastProgressReport;

    public ContainerUpdateAgent(AgentSettings settings, ContainerRuntime runtime, OperationStore store,
            AppliedSpecs applied, AgentOutput out, Clock clock, Pause pause) {
        this.applied = applied;
        this.settings = settings;
        this.runtime = runtime;
        this.store = store;
        this.out = out;
        this.clock = clock;
        this.pause = pause;
        this.parser = new DesiredStateParser(settings.domain(), settings.systemContainers());
        this.restorer = new HostRestore(runtime, settings, applied, store);
        this.startupWatch = new StartupWatch(runtime, settings, clock, pause);
    }

    /** Resumes the journaled activity, if any: reports where it stands, or that a phase was cut off. */
    public void start() {
        Optional<Operation> saved = store.load();
        if (saved.isPresent()) {
            operation = saved.get();
            resume();
        }
    }

    /**
     * Publishes the current state with Kanto's activity id {@code initial-current-state-<millis>}; once the
     * broker connection is up, so that a subscriber knows the agent now listens.
     */
    public void publishInitialState() {
        publishCurrentState("initial-current-state-" + clock.millis());
    }

    public Optional<Operation> operation() {
        return Optional.ofNullable(operation);
    }

    // ------------------------------------------------------------------ identification

    public void onDesiredState(String activityId, DesiredState state) {
        if (operation != null && operation.activityId.equals(activityId)) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] desired state received again; repeating its status");
            report(operation);
            return;
        }
        if (operation != null && !operation.finished && operation.status != Status.IDENTIFIED) {
            feedback(activityId, Status.IDENTIFICATION_FAILED,
                    "Another update activity in progress - " + operation.activityId, List.of());
            return;
        }
        feedback(activityId, Status.IDENTIFYING, "", List.of());
        List<ActionState> actions;
        try {
            DesiredContainers desired = parser.parse(state);
            actions = ContainerDiff.identify(desired, withAppliedSpecs(runtime.list()));
        } catch (InvalidDesiredStateException e) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] identification failed: " + e.getMessage());
            feedback(activityId, Status.IDENTIFICATION_FAILED, e.getMessage(), List.of());
            return;
        } catch (ContainerRuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] cannot list containers: " + e.getMessage());
            feedback(activityId, Status.IDENTIFICATION_FAILED, "Cannot list the containers: " + e.getMessage(),
                    List.of());
            return;
        }
        if (operation != null && !operation.finished) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] replaces activity " + operation.activityId
                    + ", which had not started DOWNLOAD");
        }
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] identified " + actions.stream()
                .map(a -> a.kind + " " + a.name).collect(Collectors.joining(", ")));
        if (actions.stream().allMatch(a -> a.kind == ActionKind.CHECK)) {
            // Nothing to change is reported with no actions: an update-manager sends no command to a domain
            // without actions, so the agent must not expect one (as the self-update agent does when the OS is
            // already the desired one).
            operation = new Operation(activityId, List.of());
            transition(Status.IDENTIFIED, NOTHING_TO_DO);
            finish(Status.COMPLETED, NOTHING_TO_DO);
            return;
        }
        operation = new Operation(activityId, actions);
        transition(Status.IDENTIFIED, "");
    }

    private List<RuntimeContainer> withAppliedSpecs(List<RuntimeContainer> containers) {
        applied.retainOnly(containers.stream().map(RuntimeContainer::id).collect(Collectors.toSet()));
        return containers.stream().map(c -> applied.get(c.id()).map(c::withSpec).orElse(c)).toList();
    }

    /** A desired state that could not even be read (not JSON, schema violation). */
    public void onRejectedDesiredState(String activityId, String reason) {
        LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] desired state refused: " + reason);
        feedback(activityId, Status.IDENTIFICATION_FAILED, reason, List.of());
    }

    public void onCurrentStateGet(String activityId) {
        publishCurrentState(activityId);
    }

    // ------------------------------------------------------------------ commands

    public void onCommand(String activityId, DesiredStateCommand command) {
        Command cmd = command.command();
        Status failure = failureOf(cmd);
        if (operation == null || !operation.activityId.equals(activityId)) {
            String known = operation == null ? "none" : operation.activityId;
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] " + cmd + " for an unknown activity");
            feedback(activityId, failure, cmd + " refused: the activity is not known to this agent (its activity is "
                    + known + ")", List.of());
            return;
        }
        if (!command.baseline().isEmpty() && !command.baseline().equals("*")) {
            report(operation, failure, "Unknown baseline " + command.baseline()
                    + " (this agent runs every command for the whole domain: send no baseline or *)");
            return;
        }
        operation.baseline = command.baseline();
        if (isResultOf(cmd, operation)) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] " + cmd + " repeated; repeating its result");
            report(operation);
            return;
        }
        Set<Status> allowed = allowedBefore(cmd);
        if (operation.finished || !allowed.contains(operation.status)) {
            report(operation, failure, cmd + " is possible only after status " + allowed.stream().map(Enum::name)
                    .collect(Collectors.joining("|")) + " is reported (current status: "
                    + operation.status + ")");
            return;
        }
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] " + cmd);
        switch (cmd) {
            case DOWNLOAD -> download();
            case UPDATE -> update();
            case ACTIVATE -> activate();
            case ROLLBACK -> rollback();
            case CLEANUP -> cleanup();
        }
    }

    private static boolean isResultOf(Command cmd, Operation op) {
        return switch (cmd) {
            case DOWNLOAD -> op.status == Status.DOWNLOAD_SUCCESS || op.status == Status.DOWNLOAD_FAILURE;
            case UPDATE -> op.status == Status.UPDATE_SUCCESS || op.status == Status.UPDATE_FAILURE;
            case ACTIVATE -> op.status == Status.ACTIVATION_SUCCESS || op.status == Status.ACTIVATION_FAILURE;
            case ROLLBACK -> op.status == Status.ROLLBACK_SUCCESS;
            case CLEANUP -> op.finished;
        };
    }

    private static Set<Status> allowedBefore(Command cmd) {
        return switch (cmd) {
            case DOWNLOAD -> EnumSet.of(Status.IDENTIFIED);
            case UPDATE -> EnumSet.of(Status.DOWNLOAD_SUCCESS);
            case ACTIVATE -> EnumSet.of(Status.UPDATE_SUCCESS);
            case ROLLBACK -> ROLLBACK_FROM;
            case CLEANUP -> CLEANUP_FROM;
        };
    }

    private static Status failureOf(Command cmd) {
        return switch (cmd) {
            case DOWNLOAD -> Status.DOWNLOAD_FAILURE;
            case UPDATE -> Status.UPDATE_FAILURE;
            case ACTIVATE -> Status.ACTIVATION_FAILURE;
            case ROLLBACK -> Status.ROLLBACK_FAILURE;
            case CLEANUP -> Status.CLEANUP_FAILURE;
        };
    }

    // ------------------------------------------------------------------ DOWNLOAD

    /**
     * Pulls every image first, so that an image that cannot be pulled leaves the host as it was; then creates
     * the new containers, each after renaming the old one aside. A failure undoes what this phase did.
     */
    private void download() {
        List<ActionState> todo = operation.actions.stream()
                .filter(a -> a.kind == ActionKind.CREATE || a.kind == ActionKind.RECREATE).toList();
        operation.status = Status.DOWNLOADING;
        save();
        for (ActionState action : todo) {
            action.set(ActionStatus.DOWNLOADING, action.kind.identificationMessage());
            action.progress = 0;
            report(operation);
            try {
                runtime.pull(action.desired.image(), percent -> progress(action, percent));
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.DOWNLOAD_FAILURE, "Cannot download image " + action.desired.image() + ": "
                        + e.getMessage());
                failPhase(Status.DOWNLOAD_FAILURE, sentence(action.message) + " Nothing was changed on the host.");
                return;
            }
            action.progress = 100;
        }
        for (ActionState action : todo) {
            try {
                if (action.kind == ActionKind.RECREATE) {
                    moveAside(action);
                }
                createNew(action);
                action.set(ActionStatus.DOWNLOAD_SUCCESS, "New container created.");
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.DOWNLOAD_FAILURE, "Cannot create container " + action.name + ": "
                        + e.getMessage());
                List<String> problems = restorer.restore(operation);
                failPhase(Status.DOWNLOAD_FAILURE, sentence(action.message) + (problems.isEmpty()
                        ? " The containers created so far were removed; the host is as before."
                        : " Undoing the download failed: " + String.join("; ", problems)));
                return;
            }
        }
        transition(Status.DOWNLOAD_SUCCESS, "");
    }

    private void progress(ActionState action, int percent) {
        if (percent == action.progress) {
            return;
        }
        action.progress = Math.max(0, Math.min(100, percent));
        long now = clock.millis();
        if (now - lastProgressReport >= PROGRESS_INTERVAL_MS) {
            lastProgressReport = now;
            report(operation);
        }
    }

    private void moveAside(ActionState action) throws ContainerRuntimeException {
        operation.hostChanged = true;
        save();
        runtime.rename(action.currentId, ManagedLabels.previousName(action.name));
        action.oldAside = true;
        save();
    }

    private void createNew(ActionState action) throws ContainerRuntimeException {
        operation.hostChanged = true;
        save();
        action.newId = runtime.create(action.name, action.desired,
                ManagedLabels.of(action.desired, action.version, operation.activityId));
        save();
    }

    // ------------------------------------------------------------------ UPDATE

    /** Stops what is replaced or destroyed; changes restart policy and memory in place, or recreates. */
    private void update() {
        operation.status = Status.UPDATING;
        save();
        for (ActionState action : operation.actions) {
            if (action.kind != ActionKind.RECREATE && action.kind != ActionKind.DESTROY
                    && action.kind != ActionKind.UPDATE) {
                continue;
            }
            action.set(ActionStatus.UPDATING, action.kind.identificationMessage());
            report(operation);
            try {
                if (action.kind == ActionKind.UPDATE) {
                    updateContainer(action);
                    action.set(ActionStatus.UPDATE_SUCCESS, "Container instance is updated with new configuration.");
                } else {
                    stopOld(action);
                    action.set(ActionStatus.UPDATE_SUCCESS, "Old container instance is stopped.");
                }
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.UPDATE_FAILURE, "Cannot update container " + action.name + ": "
                        + e.getMessage());
                failPhase(Status.UPDATE_FAILURE, action.message);
                return;
            }
        }
        transition(Status.UPDATE_SUCCESS, "");
    }

    private void updateContainer(ActionState action) throws ContainerRuntimeException {
        operation.hostChanged = true;
        save();
        // in place only when a rollback can undo it in place: a limit that was not there cannot be removed again
        boolean reversible = action.current.memory().isSet() || !action.desired.memory().isSet();
        if (reversible && runtime.updateInPlace(action.currentId, action.desired)) {
            applied.put(action.currentId, action.desired);
            action.updatedInPlace = true;
            save();
            return;
        }
        LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] the runtime cannot update " + action.name
                + " in place; recreating it");
        moveAside(action);
        createNew(action);
        stopOld(action);
    }

    private void stopOld(ActionState action) throws ContainerRuntimeException {
        if (action.currentWasRunning) {
            operation.hostChanged = true;
            save();
            runtime.stop(action.currentId, settings.stopTimeout());
            action.oldStopped = true;
            save();
        }
    }

    // ------------------------------------------------------------------ ACTIVATE

    /** Starts the new containers, then watches them until they prove healthy or stay up. */
    private void activate() {
        operation.status = Status.ACTIVATING;
        save();
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
            report(operation);
            try {
                runtime.start(id);
                started.put(action, id);
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.ACTIVATION_FAILURE, "Cannot start container " + action.name + ": "
                        + e.getMessage());
                failPhase(Status.ACTIVATION_FAILURE, action.message);
                return;
            }
        }
        Optional<ActionState> failed;
        try {
            failed = startupWatch.watch(started);
        } catch (ContainerRuntimeException e) {
            failPhase(Status.ACTIVATION_FAILURE, "Cannot watch the started containers: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failPhase(Status.ACTIVATION_FAILURE, "The agent stopped while ACTIVATE watched the containers.");
            return;
        }
        if (failed.isPresent()) {
            failPhase(Status.ACTIVATION_FAILURE, failed.get().message);
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
        transition(Status.ACTIVATION_SUCCESS, "");
    }

    // ------------------------------------------------------------------ ROLLBACK

    private void rollback() {
        transition(Status.ROLLBACK, "");
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
            transition(Status.ROLLBACK_SUCCESS, "The previous containers are restored.");
        } else {
            LOG.log(System.Logger.Level.WARNING, "[" + operation.activityId + "] ROLLBACK_FAILURE: "
                    + String.join("; ", problems));
            transition(Status.ROLLBACK_FAILURE, "Rollback failed: " + String.join("; ", problems));
        }
        publishCurrentState(operation.activityId);
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

    // ------------------------------------------------------------------ CLEANUP

    private void cleanup() {
        if (operation.activated && !operation.rolledBack) {
            removeOld();
            return;
        }
        transition(Status.CLEANUP, "");
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
        transition(cleanup, result);
        finish(Status.INCOMPLETE, result);
    }

    private void removeOld() {
        transition(Status.CLEANUP, "");
        List<String> problems = new ArrayList<>();
        for (ActionState action : operation.actions) {
            boolean destroy = action.kind == ActionKind.DESTROY;
            if (!destroy && !action.replacesCurrent()) {
                continue;
            }
            if (destroy) {
                action.set(ActionStatus.REMOVING, action.kind.identificationMessage());
                report(operation);
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
            transition(Status.CLEANUP_SUCCESS, "");
            finish(Status.COMPLETED, "");
        } else {
            String text = String.join("; ", problems);
            transition(Status.CLEANUP_FAILURE, text);
            finish(Status.INCOMPLETE, "The new containers run, but cleanup failed: " + text);
        }
    }

    // ------------------------------------------------------------------ restart

    private void resume() {
        if (operation.finished) {
            return;
        }
        String id = operation.activityId;
        switch (operation.status) {
            case DOWNLOADING -> {
                interrupted(ActionStatus.DOWNLOADING, ActionStatus.DOWNLOAD_FAILURE);
                List<String> problems = restorer.restore(operation);
                failPhase(Status.DOWNLOAD_FAILURE, "The agent was restarted during DOWNLOAD; " + (problems.isEmpty()
                        ? "the containers it had created were removed and the host is as before."
                        : "undoing it failed: " + String.join("; ", problems)));
            }
            case UPDATING -> {
                operation.actions.stream().filter(a -> a.status == ActionStatus.UPDATING)
                        .forEach(a -> a.interruptedInUpdate = true);
                interrupted(ActionStatus.UPDATING, ActionStatus.UPDATE_FAILURE);
                failPhase(Status.UPDATE_FAILURE, "The agent was restarted during UPDATE; send ROLLBACK to restore "
                        + "the previous containers.");
            }
            case ACTIVATING -> {
                interrupted(ActionStatus.ACTIVATING, ActionStatus.ACTIVATION_FAILURE);
                failPhase(Status.ACTIVATION_FAILURE, "The agent was restarted during ACTIVATE; send ROLLBACK to "
                        + "restore the previous containers.");
            }
            case ROLLBACK -> failPhase(Status.ROLLBACK_FAILURE, "The agent was restarted during ROLLBACK; send "
                    + "ROLLBACK again.");
            case CLEANUP -> failPhase(Status.CLEANUP_FAILURE, "The agent was restarted during CLEANUP; send CLEANUP "
                    + "again.");
            case ACTIVATION_SUCCESS -> verifyActivated();
            default -> report(operation);
        }
        LOG.log(System.Logger.Level.INFO, "[" + id + "] resumed after a restart at status " + operation.status);
    }

    /**
     * After a restart (a reboot of the vehicle) between ACTIVATE and CLEANUP: the activated containers must
     * still be up, or have ended with 0, before CLEANUP may remove the old ones.
     */
    private void verifyActivated() {
        List<String> problems = new ArrayList<>();
        for (ActionState action : operation.actions) {
            String id = action.newId.isEmpty() ? (action.updatedInPlace ? action.currentId : "") : action.newId;
            if (id.isEmpty()) {
                continue;
            }
            Optional<String> problem;
            try {
                Optional<RuntimeContainer> seen = runtime.inspect(id);
                if (seen.isEmpty()) {
                    problem = Optional.of("container " + action.name + " is gone");
                } else if (!seen.get().state().equals("running") && seen.get().exitCode() != 0
                        || seen.get().health().equals("unhealthy")) {
                    RuntimeContainer c = seen.get();
                    problem = Optional.of("container " + action.name + " is " + c.state() + " (exit code "
                            + c.exitCode() + (c.health().isEmpty() ? "" : ", " + c.health()) + ")");
                } else {
                    problem = Optional.empty();
                }
            } catch (ContainerRuntimeException e) {
                problem = Optional.of("cannot inspect container " + action.name + ": " + e.getMessage());
            }
            if (problem.isPresent()) {
                problems.add(problem.get());
                action.set(ActionStatus.ACTIVATION_FAILURE, "After the agent restarted: " + problem.get() + ".");
            }
        }
        if (problems.isEmpty()) {
            report(operation);
        } else {
            operation.activated = false;
            failPhase(Status.ACTIVATION_FAILURE, "After the agent restarted, the activated containers are not all "
                    + "running: " + String.join("; ", problems) + ". Send ROLLBACK to restore the previous containers.");
        }
    }

    private void interrupted(ActionStatus running, ActionStatus failed) {
        for (ActionState action : operation.actions) {
            if (action.status == running) {
                action.set(failed, "Interrupted by a restart of the agent.");
            }
        }
    }

    // ------------------------------------------------------------------ reporting

    private void failPhase(Status status, String message) {
        LOG.log(System.Logger.Level.WARNING, "[" + operation.activityId + "] " + status + ": " + message);
        transition(status, message);
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private void transition(Status status, String message) {
        operation.status = status;
        operation.message = message;
        save();
        report(operation);
    }

    private void finish(Status status, String message) {
        operation.finished = true;
        transition(status, message);
        LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] " + status
                + (message.isEmpty() ? "" : ": " + message));
        publishCurrentState(operation.activityId);
    }

    private void save() {
        store.save(operation);
    }

    private void report(Operation op) {
        report(op, op.status, op.message);
    }

    private void report(Operation op, Status status, String message) {
        out.feedback(op.activityId, new DesiredStateFeedback(op.baseline == null ? "" : op.baseline, status, message,
                op.actions.stream().map(a -> a.toAction(settings.domain())).toList()));
    }

    private void feedback(String activityId, Status status, String message, List<Action> actions) {
        out.feedback(activityId, new DesiredStateFeedback("", status, message, actions));
    }

    private void publishCurrentState(String activityId) {
        List<RuntimeContainer> containers;
        try {
            containers = runtime.list();
        } catch (ContainerRuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] cannot list containers for the current state: "
                    + e.getMessage());
            containers = List.of();
        }
        out.currentState(activityId, InventoryBuilder.build(settings, containers.stream()
                .map(c -> applied.get(c.id()).map(c::withSpec).orElse(c)).toList()));
    }
}

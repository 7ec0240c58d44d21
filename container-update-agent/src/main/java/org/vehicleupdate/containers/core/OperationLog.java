package org.vehicleupdate.containers.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.kit.agent.ProgressThrottle;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * Journals the operation and reports it, in that order: a state is on the disk before the feedback that tells
 * it. Every feedback carries all actions, as Kanto's agent sends them. The tasks a phase runs in parallel change the
 * operation only through {@link #change}, and every journal write and report holds the operation's lock, so that
 * no record or feedback shows an action half-changed.
 */
final class OperationLog {
    private static final System.Logger LOG = System.getLogger(OperationLog.class.getName());
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final AgentSettings settings;
    private final OperationStore store;
    private final AgentOutbox out;
    private final ContainerRuntime runtime;
    private final AppliedSpecs applied;
    private final ProgressThrottle<Integer> progress;

    OperationLog(AgentSettings settings, OperationStore store, AgentOutbox out, ContainerRuntime runtime,
            AppliedSpecs applied, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.out = out;
        this.runtime = runtime;
        this.applied = applied;
        this.progress = new ProgressThrottle<>(clock, PROGRESS_INTERVAL);
    }

    void save(Operation operation) {
        synchronized (operation) {
            store.save(operation);
        }
    }

    /** Changes the operation (or its actions) and journals it, as one step for the phase's parallel tasks. */
    void change(Operation operation, Runnable change) {
        synchronized (operation) {
            change.run();
            store.save(operation);
        }
    }

    /** A feedback on no operation: the refusal of a desired state. */
    void send(String activityId, DesiredStateFeedback feedback) {
        out.feedback(activityId, feedback);
    }

    /** Where the operation stands, sent again. */
    void report(Operation operation) {
        synchronized (operation) {
            out.feedback(operation.activityId, feedback(operation, operation.status, operation.message));
        }
    }

    /** The feedback of this operation with another status and message, and all its actions. */
    DesiredStateFeedback feedback(Operation operation, Status status, String message) {
        return new DesiredStateFeedback(operation.baseline, status, message,
                operation.actions.stream().map(a -> a.toAction(settings.domain())).toList());
    }

    /** A pull's progress, of the actions whose image it is, reported at most twice a second. */
    void progress(Operation operation, List<ActionState> actions, int percent) {
        synchronized (operation) {
            int bounded = Math.max(0, Math.min(100, percent));
            if (actions.stream().allMatch(a -> a.progress == bounded)) {
                return;
            }
            actions.forEach(a -> a.progress = bounded);
            if (progress.admit(bounded)) {
                report(operation);
            }
        }
    }

    void transition(Operation operation, Status status, String message) {
        synchronized (operation) {
            operation.status = status;
            operation.message = message;
            save(operation);
            report(operation);
        }
    }

    void fail(Operation operation, Status status, String message) {
        LOG.log(System.Logger.Level.WARNING, "[" + operation.activityId + "] " + status + ": " + message);
        transition(operation, status, message);
    }

    /** The end: the final status, then the current state with the activity's id. */
    void finish(Operation operation, Status status, String message) {
        operation.finished = true;
        transition(operation, status, message);
        LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] " + status
                + (message.isEmpty() ? "" : ": " + message));
        publishCurrentState(operation.activityId);
    }

    void publishCurrentState(String activityId) {
        out.currentState(activityId, currentState(activityId));
    }

    /** The containers on the host, each with the spec it really has (the one an in-place update applied). */
    Inventory currentState(String activityId) {
        List<RuntimeContainer> containers;
        try {
            containers = runtime.list();
        } catch (ContainerRuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] cannot list containers for the current state: "
                    + e.getMessage());
            containers = List.of();
        }
        return InventoryBuilder.build(settings, containers.stream()
                .map(c -> applied.get(c.id()).map(c::withSpec).orElse(c)).toList());
    }
}

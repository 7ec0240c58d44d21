package org.vehicleupdate.containers.core;

import static org.vehicleupdate.messages.Status.COMPLETED;
import static org.vehicleupdate.messages.Status.IDENTIFIED;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.vehicleupdate.containers.spec.DesiredContainers;
import org.vehicleupdate.containers.spec.DesiredStateParser;
import org.vehicleupdate.containers.spec.InvalidDesiredStateException;
import org.vehicleupdate.kit.agent.AgentActivity;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.kit.agent.DomainAgent;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * The containers update agent: identifies a desired state against the host, then runs the phases the
 * update-manager commands (DOWNLOAD, UPDATE, ACTIVATE, CLEANUP, ROLLBACK), reporting Kanto's feedback; the
 * protocol around it is service-kit's. Calls must come from one thread. Every state is journaled before it is
 * reported, and a restart resumes from the journal: a phase that was cut off is reported failed, and ROLLBACK
 * restores the old containers, which it finds by their labels and names rather than by what the journal remembered.
 */
public final class ContainerUpdateAgent implements DomainAgent {
    private static final System.Logger LOG = System.getLogger(ContainerUpdateAgent.class.getName());
    private static final String NOTHING_TO_DO = "No changes: the containers are as desired.";

    private final ContainerRuntime runtime;
    private final OperationStore store;
    private final DesiredStateParser parser;
    private final AppliedSpecs applied;
    private final OperationLog log;
    private final ForwardPhases forward;
    private final ClosingPhases closing;
    private final RestartRecovery recovery;
    /** The current activity, or the last finished one; null before the first desired state. */
    private Operation operation;

    /**
     * @param workers runs DOWNLOAD's pulls and creates and ACTIVATE's starts, {@link AgentSettings#parallelOperations}
     *                at a time; an executor that runs a task in the caller's thread runs them one after the other
     */
    public ContainerUpdateAgent(AgentSettings settings, ContainerRuntime runtime, OperationStore store,
            AppliedSpecs applied, AgentOutbox out, Clock clock, Pause pause, Executor workers) {
        this.runtime = runtime;
        this.store = store;
        this.applied = applied;
        this.parser = new DesiredStateParser(settings.domain(), settings.systemContainers());
        this.log = new OperationLog(settings, store, out, runtime, applied, clock);
        HostRestore restorer = new HostRestore(runtime, settings, applied, store);
        Fanout fanout = new Fanout(workers, settings.parallelOperations());
        this.forward = new ForwardPhases(runtime, new HostSteps(runtime, settings, applied, log), restorer,
                new StartupWatch(runtime, settings, clock, pause, fanout), log, fanout);
        this.closing = new ClosingPhases(runtime, restorer, log);
        this.recovery = new RestartRecovery(runtime, restorer, log, closing);
    }

    /** Resumes the journaled activity, if any: reports where it stands, or that a phase was cut off. */
    @Override
    public void resume() {
        Optional<Operation> saved = store.load();
        if (saved.isPresent()) {
            operation = saved.get();
            recovery.resume(operation);
        }
    }

    public Optional<Operation> operation() {
        return Optional.ofNullable(operation);
    }

    @Override
    public Optional<AgentActivity> activity() {
        return operation().map(op -> new AgentActivity(op.activityId, op.status));
    }

    @Override
    public void repeatStatus() {
        log.report(operation);
    }

    /** An activity gives way only while nothing of it has touched the host: at IDENTIFIED. */
    @Override
    public Optional<String> blocker() {
        return operation.status == IDENTIFIED ? Optional.empty() : Optional.of("");
    }

    // ------------------------------------------------------------------ identification

    @Override
    public void identify(String activityId, DesiredState state) {
        List<ActionState> actions;
        try {
            DesiredContainers desired = parser.parse(state);
            actions = ContainerDiff.identify(desired, withAppliedSpecs(runtime.list()));
        } catch (InvalidDesiredStateException e) {
            identificationFailed(activityId, e.getMessage());
            return;
        } catch (ContainerRuntimeException e) {
            identificationFailed(activityId, "Cannot list the containers: " + e.getMessage());
            return;
        }
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] identified " + actions.stream()
                .map(a -> a.kind + " " + a.name).collect(Collectors.joining(", ")));
        if (actions.stream().allMatch(a -> a.kind == ActionKind.CHECK)) {
            // Nothing to change is reported with no actions: an update-manager sends no command to a domain
            // without actions, so the agent must not expect one (as the self-update agent does when the OS is
            // already the desired one).
            operation = new Operation(activityId, List.of());
            log.transition(operation, IDENTIFIED, NOTHING_TO_DO);
            log.finish(operation, COMPLETED, NOTHING_TO_DO);
            return;
        }
        operation = new Operation(activityId, actions);
        log.transition(operation, IDENTIFIED, "");
    }

    private void identificationFailed(String activityId, String reason) {
        LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] identification failed: " + reason);
        log.send(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
    }

    private List<RuntimeContainer> withAppliedSpecs(List<RuntimeContainer> containers) {
        applied.retainOnly(containers.stream().map(RuntimeContainer::id).collect(Collectors.toSet()));
        return containers.stream().map(c -> applied.get(c.id()).map(c::withSpec).orElse(c)).toList();
    }

    // ------------------------------------------------------------------ commands

    /** Kanto's agent runs a command for a named baseline; this one only for the whole domain. */
    @Override
    public Optional<String> unsupported(DesiredStateCommand command) {
        String baseline = command.baseline();
        return baseline.isEmpty() || baseline.equals("*") ? Optional.empty() : Optional.of("Unknown baseline "
                + baseline + " (this agent runs every command for the whole domain: send no baseline or *)");
    }

    @Override
    public void run(DesiredStateCommand command) {
        operation.baseline = command.baseline();
        switch (command.command()) {
            case DOWNLOAD -> forward.download(operation);
            case UPDATE -> forward.update(operation);
            case ACTIVATE -> forward.activate(operation);
            case ROLLBACK -> closing.rollback(operation);
            case CLEANUP -> closing.cleanup(operation);
        }
    }

    /** The phase's result is where the operation stands: it is reported again. */
    @Override
    public boolean answerAgain(DesiredStateCommand command) {
        operation.baseline = command.baseline();
        log.report(operation);
        return true;
    }

    @Override
    public DesiredStateFeedback refusal(DesiredStateCommand command, Status failure, String message) {
        DesiredStateFeedback feedback = log.feedback(operation, failure, message);
        return new DesiredStateFeedback(command.baseline(), failure, message, feedback.actions());
    }

    @Override
    public Inventory currentState() {
        return log.currentState("");
    }
}

package org.vehicleupdate.containers.core;

/**
 * The steps that change a container on the host, each journaled before (the operation has changed the host) and
 * after (what it did), so that a restart and a rollback know. DOWNLOAD runs them for several containers at once:
 * the runtime's call is made outside the operation's lock, what it did is recorded under it.
 */
final class HostSteps {
    private static final System.Logger LOG = System.getLogger(HostSteps.class.getName());

    private final ContainerRuntime runtime;
    private final AgentSettings settings;
    private final AppliedSpecs applied;
    private final OperationLog log;

    HostSteps(ContainerRuntime runtime, AgentSettings settings, AppliedSpecs applied, OperationLog log) {
        this.runtime = runtime;
        this.settings = settings;
        this.applied = applied;
        this.log = log;
    }

    /** Renames the old container aside, since the runtime allows one container per name. */
    void moveAside(Operation operation, ActionState action) throws ContainerRuntimeException {
        changing(operation);
        runtime.rename(action.currentId, ManagedLabels.previousName(action.name));
        log.change(operation, () -> action.oldAside = true);
    }

    /** Creates the new container under the name, labelled with its spec and this activity; not started. */
    void createNew(Operation operation, ActionState action) throws ContainerRuntimeException {
        changing(operation);
        String id = runtime.create(action.name, action.desired,
                ManagedLabels.of(action.desired, action.version, operation.activityId));
        log.change(operation, () -> action.newId = id);
    }

    void stopOld(Operation operation, ActionState action) throws ContainerRuntimeException {
        if (action.currentWasRunning) {
            changing(operation);
            runtime.stop(action.currentId, settings.stopTimeout());
            log.change(operation, () -> action.oldStopped = true);
        }
    }

    /**
     * Restart policy and memory: in place when the runtime can and a rollback can undo it in place (a limit that
     * was not there cannot be removed again), otherwise by recreating the container.
     */
    void update(Operation operation, ActionState action) throws ContainerRuntimeException {
        changing(operation);
        boolean reversible = action.current.memory().isSet() || !action.desired.memory().isSet();
        if (reversible && runtime.updateInPlace(action.currentId, action.desired)) {
            applied.put(action.currentId, action.desired);
            log.change(operation, () -> action.updatedInPlace = true);
            return;
        }
        LOG.log(System.Logger.Level.INFO, "[" + operation.activityId + "] the runtime cannot update " + action.name
                + " in place; recreating it");
        moveAside(operation, action);
        createNew(operation, action);
        stopOld(operation, action);
    }

    /**
     * Journaled before every change: CLEANUP after a crash knows that it must restore, and a restart knows which
     * action's step was cut off (the action's status as the phase set it).
     */
    private void changing(Operation operation) {
        log.change(operation, () -> operation.hostChanged = true);
    }
}

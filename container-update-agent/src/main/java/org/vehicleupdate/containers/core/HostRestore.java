package org.vehicleupdate.containers.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the host back as it was before an activity: what ROLLBACK does, and what DOWNLOAD and CLEANUP do after a
 * failure. It works from the host's state (labels and names), so it also finds what the journal never heard of.
 */
final class HostRestore {
    private final ContainerRuntime runtime;
    private final AgentSettings settings;
    private final AppliedSpecs applied;
    private final OperationStore store;

    HostRestore(ContainerRuntime runtime, AgentSettings settings, AppliedSpecs applied, OperationStore store) {
        this.runtime = runtime;
        this.settings = settings;
        this.applied = applied;
        this.store = store;
    }

    /**
     * Puts the host back as it was before this activity: first removes every container this activity created
     * (found by its activity label, so also one the journal never heard of), then gives the old containers
     * their names back, undoes in-place updates and starts those that ran before.
     *
     * @return what could not be restored; empty on success
     */
    List<String> restore(Operation operation) {
        List<String> problems = new ArrayList<>();
        List<RuntimeContainer> all;
        try {
            all = runtime.list();
        } catch (ContainerRuntimeException e) {
            return List.of("cannot list the containers: " + e.getMessage());
        }
        for (ActionState action : operation.actions) {
            for (RuntimeContainer c : all) {
                if (c.managed() && c.activity().equals(operation.activityId) && c.logicalName().equals(action.name)
                        && !c.id().equals(action.currentId)) {
                    try {
                        runtime.remove(c.id());
                    } catch (ContainerRuntimeException e) {
                        problems.add("cannot remove new container " + action.name + ": " + e.getMessage());
                    }
                }
            }
            action.newId = "";
        }
        store.save(operation);
        for (ActionState action : operation.actions) {
            if (!action.hasCurrent() || action.kind == ActionKind.CHECK) {
                continue;
            }
            Optional<RuntimeContainer> old = all.stream().filter(c -> c.id().equals(action.currentId)).findFirst();
            if (old.isEmpty()) {
                problems.add("the old container " + action.name + " is gone");
                continue;
            }
            try {
                if (action.interruptedInUpdate && action.currentWasRunning) {
                    // a stop the runtime began for the dead agent would end after our start and stop the
                    // container again; stopping it ourselves waits for that stop (the runtime locks the container)
                    runtime.stop(action.currentId, settings.stopTimeout());
                    action.interruptedInUpdate = false;
                }
                if (!old.get().name().equals(action.name)) {
                    runtime.rename(action.currentId, action.name);
                }
                action.oldAside = false;
                if (action.updatedInPlace) {
                    if (runtime.updateInPlace(action.currentId, action.current)) {
                        applied.put(action.currentId, action.current);
                    } else {
                        problems.add("the runtime cannot give container " + action.name
                                + " its old restart policy and memory back");
                    }
                    action.updatedInPlace = false;
                }
                if (action.currentWasRunning) {
                    runtime.start(action.currentId);
                }
                action.oldStopped = false;
            } catch (ContainerRuntimeException e) {
                problems.add("cannot restore container " + action.name + ": " + e.getMessage());
            }
        }
        store.save(operation);
        return problems;
    }
}

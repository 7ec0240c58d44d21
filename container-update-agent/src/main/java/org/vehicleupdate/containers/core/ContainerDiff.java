package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.containers.spec.RestartPolicy;
import org.vehicleupdate.containers.spec.LogSettings;
import org.vehicleupdate.containers.spec.MemoryLimits;
import org.vehicleupdate.containers.spec.DesiredContainers;
import org.vehicleupdate.containers.spec.DesiredContainer;
import org.vehicleupdate.containers.spec.InvalidDesiredStateException;
import org.vehicleupdate.containers.spec.ImageVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kanto's identification: desired containers against the current ones by name, into CREATE, RECREATE,
 * UPDATE, CHECK and DESTROY. Only containers this agent created take part; system containers are never
 * touched; a desired name held by a container the agent did not create is refused rather than taken over.
 */
public final class ContainerDiff {
    private static final System.Logger LOG = System.getLogger(ContainerDiff.class.getName());

    private ContainerDiff() {
    }

    public static List<ActionState> identify(DesiredContainers desired, List<RuntimeContainer> current)
            throws InvalidDesiredStateException {
        Map<String, RuntimeContainer> managed = new LinkedHashMap<>();
        Map<String, RuntimeContainer> foreign = new LinkedHashMap<>();
        for (RuntimeContainer container : current) {
            if (desired.systemContainers().contains(container.name())) {
                continue;
            }
            (container.managed() ? managed : foreign).put(container.name(), container);
        }
        List<ActionState> actions = new ArrayList<>();
        for (DesiredContainer want : desired.containers()) {
            ContainerSpec spec = want.spec();
            if (desired.systemContainers().contains(spec.name())) {
                LOG.log(System.Logger.Level.WARNING, "container " + spec.name()
                        + " is a system container; it is not changed by a desired state");
                continue;
            }
            if (foreign.containsKey(spec.name())) {
                throw new InvalidDesiredStateException("Container '" + spec.name() + "' exists but was not created "
                        + "by this agent; it is left alone. Rename or remove it, or choose another name.");
            }
            RuntimeContainer have = managed.remove(spec.name());
            if (have == null) {
                actions.add(new ActionState(spec.name(), want.version(), ActionKind.CREATE, spec, spec, "", false));
                continue;
            }
            Optional<ContainerSpec> haveSpec = have.spec();
            ActionKind kind;
            if (haveSpec.isEmpty() || haveSpec.get().needsRecreateFor(spec)) {
                kind = ActionKind.RECREATE;
            } else if (haveSpec.get().needsUpdateFor(spec)) {
                kind = ActionKind.UPDATE;
            } else {
                kind = ActionKind.CHECK;
            }
            actions.add(new ActionState(spec.name(), want.version(), kind, spec, haveSpec.orElse(spec), have.id(),
                    have.running()));
        }
        managed.values().stream().sorted(Comparator.comparing(RuntimeContainer::name)).forEach(old -> {
            ContainerSpec spec = old.spec().orElse(placeholderSpec(old));
            actions.add(new ActionState(old.name(), ImageVersion.of(old.image()), ActionKind.DESTROY, spec, spec,
                    old.id(), old.running()));
        });
        return actions;
    }

    private static ContainerSpec placeholderSpec(RuntimeContainer old) {
        return new ContainerSpec(old.name(), old.image(), "", List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), "bridge", false, false, false, RestartPolicy.DEFAULT, LogSettings.DEFAULT,
                MemoryLimits.NONE);
    }
}

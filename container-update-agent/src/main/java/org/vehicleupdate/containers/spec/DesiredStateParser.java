package org.vehicleupdate.containers.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vehicleupdate.messages.Baseline;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;

/** Kanto's checks of a containers desired state, with its error texts, plus a refusal of duplicate names. */
public final class DesiredStateParser {
    private final String domain;
    private final List<String> configuredSystemContainers;
    private final ComponentConfigParser components = new ComponentConfigParser();

    public DesiredStateParser(String domain, List<String> configuredSystemContainers) {
        this.domain = domain;
        this.configuredSystemContainers = List.copyOf(configuredSystemContainers);
    }

    public DesiredContainers parse(DesiredState state) throws InvalidDesiredStateException {
        if (state.domains().size() != 1) {
            throw new InvalidDesiredStateException(
                    "one domain expected in desired state specification, but got " + state.domains().size());
        }
        Domain part = state.domains().get(0);
        if (!part.id().equals(domain)) {
            throw new InvalidDesiredStateException("domain id mismatch - expecting " + domain + ", received " + part.id());
        }
        List<DesiredContainer> containers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Component component : part.components()) {
            ContainerSpec spec = components.parse(component);
            if (!names.add(spec.name())) {
                throw new InvalidDesiredStateException("container component " + spec.name() + " is listed twice");
            }
            containers.add(new DesiredContainer(component.version(), spec));
        }
        String prefix = domain + ":";
        for (Baseline baseline : state.baselines()) {
            for (String ref : baseline.components()) {
                if (ref.startsWith(prefix) && !names.contains(ref.substring(prefix.length()))) {
                    throw new InvalidDesiredStateException("cannot find container component " + ref);
                }
            }
        }
        return new DesiredContainers(containers, systemContainers(part));
    }

    private List<String> systemContainers(Domain part) {
        Optional<String> value = part.configValue("systemContainers");
        if (value.isEmpty()) {
            return configuredSystemContainers;
        }
        // Kanto: the domain's list replaces the configured one; present but empty means none
        return Arrays.stream(value.get().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}

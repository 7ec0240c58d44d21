package org.vehicleupdate.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the vehicle should run: the domains with their components, and optional baselines across them. */
public record DesiredState(List<Baseline> baselines, List<Domain> domains) {
    public DesiredState {
        baselines = Values.list(baselines);
        domains = Values.list(domains);
    }

    /** The last domain with this id, as Kanto's split keeps the last one too. */
    public Optional<Domain> domain(String id) {
        Optional<Domain> found = Optional.empty();
        for (Domain domain : domains) {
            if (domain.id().equals(id)) {
                found = Optional.of(domain);
            }
        }
        return found;
    }

    /**
     * The part of this desired state that one domain's agent receives: that domain alone and the baselines
     * reduced to its components; a baseline left with no component is dropped.
     */
    public DesiredState partFor(String domainId) {
        Domain domain = domain(domainId).orElseThrow(
                () -> new IllegalArgumentException("no domain '" + domainId + "' in the desired state"));
        String prefix = domainId + ":";
        List<Baseline> parts = new ArrayList<>();
        for (Baseline baseline : baselines) {
            List<String> own = baseline.components().stream().filter(c -> c.startsWith(prefix)).toList();
            if (!own.isEmpty()) {
                parts.add(new Baseline(baseline.title(), baseline.description(), baseline.preconditions(), own));
            }
        }
        return new DesiredState(parts, List.of(domain));
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Inventory;

/**
 * What an activity is to do, fixed when it opens and journaled once.
 *
 * @param openedAt         epoch millis
 * @param domains          the domains with a configured agent, in the desired state's order: the desired state
 *                         goes to these
 * @param skipped          domains of the desired state without a configured agent
 * @param previousVersions {@code <domain>:<component>} to the version the domain's last known current state
 *                         showed when the activity opened, for the components of reboot-requiring domains: after a
 *                         rollback and the reboot back, the domain must show these again
 */
public record ActivityPlan(String activityId, DesiredState desiredState, long openedAt, List<String> domains,
        List<String> skipped, Map<String, String> previousVersions) {
    public ActivityPlan {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(desiredState, "desiredState");
        domains = List.copyOf(domains);
        skipped = List.copyOf(skipped);
        previousVersions = java.util.Collections.unmodifiableMap(new TreeMap<>(previousVersions));
    }

    /**
     * The plan for a desired state: its domains split into those with an agent and those without, and what the
     * reboot-requiring ones run now, from their last known current state.
     */
    public static ActivityPlan of(String activityId, DesiredState desiredState, long now, ManagerSettings settings,
            Function<String, Optional<Inventory>> knownInventory) {
        List<String> domains = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Domain domain : desiredState.domains()) {
            List<String> into = settings.agents().containsKey(domain.id()) ? domains : skipped;
            if (!into.contains(domain.id())) {
                into.add(domain.id());
            }
        }
        Map<String, String> previous = new LinkedHashMap<>();
        for (String domain : domains) {
            if (settings.agents().get(domain).rebootRequired()) {
                knownInventory.apply(domain).ifPresent(current ->
                        previous.putAll(VersionCheck.versions(domain, desiredState, current)));
            }
        }
        return new ActivityPlan(activityId, desiredState, now, domains, skipped, previous);
    }
}

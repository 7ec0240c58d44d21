package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;

/**
 * What a domain's current state says about its versions: a component is found as node {@code <domain>:<id>}
 * or {@code <id>}.
 */
final class VersionCheck {
    private VersionCheck() {
    }

    /** Every component of the domain's desired state runs in the desired version. */
    static boolean runsDesiredVersions(String domain, DesiredState desired, Inventory current) {
        Optional<Domain> part = desired.domain(domain);
        return part.isPresent() && part.get().components().stream().allMatch(c -> current.softwareNodes().stream()
                .anyMatch(n -> names(n, domain, c.id()) && n.version().equals(c.version())));
    }

    /**
     * The versions of the domain's components as the current state shows them, keyed {@code <domain>:<id>};
     * components it does not show are left out.
     */
    static Map<String, String> versions(String domain, DesiredState desired, Inventory current) {
        Map<String, String> found = new LinkedHashMap<>();
        desired.domain(domain).ifPresent(part -> part.components().forEach(c -> version(domain, c.id(), current)
                .ifPresent(v -> found.put(domain + ":" + c.id(), v))));
        return found;
    }

    /**
     * After a rollback and the reboot back: empty when the domain runs its previous versions again (the ones
     * known when the activity opened or, where none was known, anything but the desired version), otherwise
     * what it runs instead, e.g. {@code os-image 3.0 (expected 2.0)}.
     */
    static Optional<String> previousVersionMismatch(String domain, ActivityPlan plan, Inventory current) {
        List<String> wrong = new ArrayList<>();
        for (Component component : plan.desiredState().domain(domain).map(Domain::components).orElse(List.of())) {
            String key = domain + ":" + component.id();
            String runs = version(domain, component.id(), current).orElse("");
            String previous = plan.previousVersions().get(key);
            if (previous != null && !previous.equals(runs)) {
                wrong.add(component.id() + " " + shown(runs) + " (expected " + shown(previous) + ")");
            } else if (previous == null && runs.equals(component.version())) {
                wrong.add(component.id() + " " + shown(runs) + " (the version the update installed)");
            }
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", wrong));
    }

    private static Optional<String> version(String domain, String component, Inventory current) {
        for (SoftwareNode node : current.softwareNodes()) {
            if (names(node, domain, component)) {
                return Optional.of(node.version());
            }
        }
        return Optional.empty();
    }

    private static boolean names(SoftwareNode node, String domain, String component) {
        return node.id().equals(domain + ":" + component) || node.id().equals(component);
    }

    private static String shown(String version) {
        return version.isEmpty() ? "no version" : version;
    }
}

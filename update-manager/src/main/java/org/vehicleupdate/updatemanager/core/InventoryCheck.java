package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.HardwareNode;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;

/**
 * An agent's inventory made fit for the vehicle's tree: every node id once (the first kept), none of another's,
 * associations only between nodes it keeps, no node with two parents, no cycle. What had to be left out is said in
 * {@link #problems}; an inventory without any node is refused as a whole.
 *
 * @param kept     the inventory without the bad parts; empty when nothing could be kept
 * @param problems what was left out and why, in the order found
 */
public record InventoryCheck(Optional<Inventory> kept, List<String> problems) {
    private static final int NAMED = 5;

    public InventoryCheck {
        problems = List.copyOf(problems);
    }

    /** An inventory that no other part of the vehicle shares ids with. */
    public static InventoryCheck of(Inventory reported) {
        return of(reported, id -> Optional.empty());
    }

    /**
     * @param owner who else a node id belongs to ({@code the update-manager}, {@code domain self-update}), if
     *              anyone: such a node is left out, an agent does not report another's nodes
     */
    public static InventoryCheck of(Inventory reported, Function<String, Optional<String>> owner) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        reported.hardwareNodes().forEach(n -> count.merge(n.id(), 1, Integer::sum));
        reported.softwareNodes().forEach(n -> count.merge(n.id(), 1, Integer::sum));
        if (count.isEmpty()) {
            return new InventoryCheck(Optional.empty(), List.of("it has no nodes"));
        }
        Map<String, Boolean> seen = new HashMap<>();
        count.forEach((id, n) -> {
            Optional<String> other = owner.apply(id);
            if (other.isPresent()) {
                problems.add("node '" + id + "' belongs to " + other.get());
                seen.put(id, false);
            } else if (n > 1) {
                problems.add("node '" + id + "' appears " + n + " times; the first is kept");
            }
        });
        List<HardwareNode> hardware = reported.hardwareNodes().stream()
                .filter(n -> seen.putIfAbsent(n.id(), true) == null).toList();
        List<SoftwareNode> software = reported.softwareNodes().stream()
                .filter(n -> seen.putIfAbsent(n.id(), true) == null).toList();
        seen.values().removeIf(kept -> !kept);
        Map<String, String> parent = new HashMap<>();
        List<Association> associations = new ArrayList<>();
        for (Association a : reported.associations()) {
            String link = "association " + a.sourceId() + " -> " + a.targetId();
            if (!seen.containsKey(a.sourceId()) || !seen.containsKey(a.targetId())) {
                problems.add(link + " names an unknown node '" + (seen.containsKey(a.sourceId()) ? a.targetId()
                        : a.sourceId()) + "'");
            } else if (parent.containsKey(a.targetId())) {
                problems.add(link + " would give '" + a.targetId() + "' a second parent");
            } else if (closesCycle(parent, a.sourceId(), a.targetId())) {
                problems.add(link + " closes a cycle");
            } else {
                parent.put(a.targetId(), a.sourceId());
                associations.add(a);
            }
        }
        return new InventoryCheck(Optional.of(new Inventory(hardware, software, associations)), problems);
    }

    /** The problems in one line: the first few named, the number of the others. */
    public String summary() {
        String named = String.join("; ", problems.subList(0, Math.min(NAMED, problems.size())));
        return problems.size() > NAMED ? named + "; and " + (problems.size() - NAMED) + " more" : named;
    }

    /** {@code target} is {@code source} or one of its ancestors. */
    private static boolean closesCycle(Map<String, String> parent, String source, String target) {
        for (String at = source; at != null; at = parent.get(at)) {
            if (at.equals(target)) {
                return true;
            }
        }
        return false;
    }
}

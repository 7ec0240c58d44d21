package org.vehicleupdate.cli.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.HardwareNode;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;

/**
 * The inventory as rows in tree order: every node under the node that contains or manages it (the
 * update-manager, then each agent, then what the agent manages), as the associations say. Nodes nobody
 * contains are roots; a node in a cycle or reachable from nowhere is still listed, once.
 */
public final class InventoryTree {
    private InventoryTree() {
    }

    /**
     * One node.
     *
     * @param depth 0 for a root, 1 for what a root manages, and so on
     * @param type  the software type, or {@code HARDWARE}
     */
    public record Row(int depth, String id, String type, String version, String name, List<KeyValue> parameters) {
    }

    public static List<Row> rows(Inventory inventory) {
        Map<String, Row> nodes = new LinkedHashMap<>();
        for (HardwareNode node : inventory.hardwareNodes()) {
            nodes.putIfAbsent(node.id(), new Row(0, node.id(), "HARDWARE", node.version(), node.name(),
                    node.parameters()));
        }
        for (SoftwareNode node : inventory.softwareNodes()) {
            nodes.putIfAbsent(node.id(), new Row(0, node.id(), node.type().name(), node.version(), node.name(),
                    node.parameters()));
        }
        Map<String, List<String>> children = new LinkedHashMap<>();
        Set<String> contained = new HashSet<>();
        for (Association association : inventory.associations()) {
            if (nodes.containsKey(association.sourceId()) && nodes.containsKey(association.targetId())
                    && !association.sourceId().equals(association.targetId())) {
                children.computeIfAbsent(association.sourceId(), k -> new ArrayList<>()).add(association.targetId());
                contained.add(association.targetId());
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String id : nodes.keySet()) {
            if (!contained.contains(id)) {
                walk(id, 0, nodes, children, listed, rows);
            }
        }
        for (String id : nodes.keySet()) {
            walk(id, 0, nodes, children, listed, rows);
        }
        return rows;
    }

    private static void walk(String id, int depth, Map<String, Row> nodes, Map<String, List<String>> children,
            Set<String> listed, List<Row> rows) {
        if (!listed.add(id)) {
            return;
        }
        Row node = nodes.get(id);
        rows.add(new Row(depth, node.id(), node.type(), node.version(), node.name(), node.parameters()));
        for (String child : children.getOrDefault(id, List.of())) {
            walk(child, depth + 1, nodes, children, listed, rows);
        }
    }
}

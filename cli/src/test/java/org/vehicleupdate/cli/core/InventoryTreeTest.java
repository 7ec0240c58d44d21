package org.vehicleupdate.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.HardwareNode;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

class InventoryTreeTest {

    private static SoftwareNode node(String id, SoftwareType type) {
        return new SoftwareNode(id, "1", "", List.of(), type);
    }

    private static List<String> layout(Inventory inventory) {
        return InventoryTree.rows(inventory).stream().map(r -> "  ".repeat(r.depth()) + r.id()).toList();
    }

    @Test
    void eachNodeIsListedUnderTheAgentThatManagesIt() {
        Inventory inventory = new Inventory(List.of(),
                List.of(node("containers:app", SoftwareType.CONTAINER), node("self-update:os", SoftwareType.IMAGE),
                        node("vehicle-update-manager", SoftwareType.APPLICATION),
                        node("containers-update-agent", SoftwareType.APPLICATION),
                        node("self-update-agent", SoftwareType.APPLICATION)),
                List.of(new Association("vehicle-update-manager", "containers-update-agent"),
                        new Association("vehicle-update-manager", "self-update-agent"),
                        new Association("containers-update-agent", "containers:app"),
                        new Association("self-update-agent", "self-update:os")));

        assertEquals(List.of("vehicle-update-manager", "  containers-update-agent", "    containers:app",
                "  self-update-agent", "    self-update:os"), layout(inventory));
    }

    @Test
    void hardwareLooseNodesAndCyclesAreListedOnceAndDanglingAssociationsAreSkipped() {
        Inventory inventory = new Inventory(List.of(new HardwareNode("ecu-1", "A", "main ECU", List.of(), true)),
                List.of(node("a", SoftwareType.APPLICATION), node("b", SoftwareType.APPLICATION),
                        node("loose", SoftwareType.DATA)),
                List.of(new Association("a", "b"), new Association("b", "a"), new Association("a", "missing"),
                        new Association("loose", "loose")));

        assertEquals(List.of("ecu-1", "loose", "a", "  b"), layout(inventory));
        assertEquals("HARDWARE", InventoryTree.rows(inventory).get(0).type());
    }
}

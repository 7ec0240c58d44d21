package org.vehicleupdate.selfupdate.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

/**
 * The agent's current state: the agent node, the OS image node ({@code self-update:os-image}, the booted slot's
 * version) and one node per slot with its state, boot status and bundle version.
 */
final class OsInventory {
    private OsInventory() {
    }

    /** The inventory of the slots as RAUC reports them now, or of the agent alone with the error. */
    static Inventory read(String agentVersion, Rauc rauc) {
        try {
            return of(agentVersion, rauc.status());
        } catch (RaucException e) {
            System.getLogger(OsInventory.class.getName()).log(System.Logger.Level.INFO, "current state without "
                    + "slots: " + e.getMessage());
            return withoutSlots(agentVersion, "cannot read the slots from RAUC: " + e.getMessage());
        }
    }

    static Inventory of(String agentVersion, SystemStatus system) {
        List<SoftwareNode> nodes = new ArrayList<>();
        List<Association> associations = new ArrayList<>();
        nodes.add(agent(agentVersion));
        associations.add(new Association(SelfUpdateAgent.AGENT_NODE, SelfUpdateAgent.OS_NODE));
        Optional<SlotStatus> booted = system.booted();
        nodes.add(new SoftwareNode(SelfUpdateAgent.OS_NODE, booted.map(SlotStatus::bundleVersion).orElse(""),
                "OS image", parameters(new KeyValue("booted", booted.map(SlotStatus::name).orElse("")),
                        new KeyValue("primary", system.primary())), SoftwareType.IMAGE));
        for (SlotStatus slot : system.slots()) {
            String id = SelfUpdateAgent.DOMAIN + ":" + slot.name();
            nodes.add(new SoftwareNode(id, slot.bundleVersion(), "Slot " + slot.label(), parameters(
                    new KeyValue("bootname", slot.bootname()),
                    new KeyValue("state", slot.state()),
                    new KeyValue("boot-status", slot.bootStatus()),
                    new KeyValue("bundle.version", slot.bundleVersion()),
                    new KeyValue("status", slot.installStatus())), SoftwareType.RAW));
            associations.add(new Association(SelfUpdateAgent.OS_NODE, id));
        }
        return new Inventory(List.of(), nodes, associations);
    }

    /**
     * The parameters that have a value: RAUC knows no bundle version or install status of a slot that was never
     * written, and an empty value would go on the wire without its {@code value} (empty strings are left out, as
     * Kanto's omitempty does), which the manager refuses as a schema violation, and with it the whole inventory.
     */
    private static List<KeyValue> parameters(KeyValue... parameters) {
        return Arrays.stream(parameters).filter(p -> !p.value().isEmpty()).toList();
    }

    /** When RAUC cannot be asked: the OS node says why. */
    static Inventory withoutSlots(String agentVersion, String error) {
        return new Inventory(List.of(), List.of(agent(agentVersion), new SoftwareNode(SelfUpdateAgent.OS_NODE, "",
                "OS image", List.of(new KeyValue("error", error)), SoftwareType.IMAGE)),
                List.of(new Association(SelfUpdateAgent.AGENT_NODE, SelfUpdateAgent.OS_NODE)));
    }

    private static SoftwareNode agent(String agentVersion) {
        return new SoftwareNode(SelfUpdateAgent.AGENT_NODE, agentVersion, "Self Update Agent",
                List.of(new KeyValue("domain", SelfUpdateAgent.DOMAIN)), SoftwareType.APPLICATION);
    }
}

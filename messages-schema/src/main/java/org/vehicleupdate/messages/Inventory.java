package org.vehicleupdate.messages;

import java.util.List;

/** The current state of a domain or of the whole vehicle: a graph of software and hardware nodes. */
public record Inventory(List<HardwareNode> hardwareNodes, List<SoftwareNode> softwareNodes,
        List<Association> associations) {
    public Inventory {
        hardwareNodes = Values.list(hardwareNodes);
        softwareNodes = Values.list(softwareNodes);
        associations = Values.list(associations);
    }
}

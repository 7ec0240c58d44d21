package org.vehicleupdate.messages;

import java.util.List;

/** A piece of hardware in an inventory. */
public record HardwareNode(String id, String version, String name, List<KeyValue> parameters, boolean addressable) {
    public HardwareNode {
        id = Values.text(id);
        version = Values.text(version);
        name = Values.text(name);
        parameters = Values.list(parameters);
    }
}

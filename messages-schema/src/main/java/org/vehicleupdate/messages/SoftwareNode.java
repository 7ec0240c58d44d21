package org.vehicleupdate.messages;

import java.util.List;
import java.util.Objects;

/** A piece of software in an inventory: an agent, an OS image, a container. */
public record SoftwareNode(String id, String version, String name, List<KeyValue> parameters, SoftwareType type) {
    public SoftwareNode {
        id = Values.text(id);
        version = Values.text(version);
        name = Values.text(name);
        parameters = Values.list(parameters);
        Objects.requireNonNull(type, "type");
    }
}

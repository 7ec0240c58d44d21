package org.vehicleupdate.messages;

import java.util.List;
import java.util.Optional;

/** One update domain (for example {@code containers} or {@code self-update}) of a desired state. */
public record Domain(String id, List<KeyValue> config, List<Component> components) {
    public Domain {
        id = Values.text(id);
        config = Values.list(config);
        components = Values.list(components);
    }

    public Optional<String> configValue(String key) {
        return ConfigLookup.find(config, key);
    }
}

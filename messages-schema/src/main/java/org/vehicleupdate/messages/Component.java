package org.vehicleupdate.messages;

import java.util.List;
import java.util.Optional;

/** A component of a domain in a desired state, with its key/value configuration. */
public record Component(String id, String version, List<KeyValue> config) {
    public Component {
        id = Values.text(id);
        version = Values.text(version);
        config = Values.list(config);
    }

    public Optional<String> configValue(String key) {
        return ConfigLookup.find(config, key);
    }
}

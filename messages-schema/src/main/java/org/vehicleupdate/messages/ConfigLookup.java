package org.vehicleupdate.messages;

import java.util.List;
import java.util.Optional;

/** Looking up a key in a {@code [{key, value}]} list; the last entry wins, as a JSON object would. */
final class ConfigLookup {
    private ConfigLookup() {
    }

    static Optional<String> find(List<KeyValue> entries, String key) {
        Optional<String> found = Optional.empty();
        for (KeyValue entry : entries) {
            if (entry.key().equals(key)) {
                found = Optional.of(entry.value());
            }
        }
        return found;
    }
}

package org.vehicleupdate.messages;

import java.util.List;

/**
 * A named group of components that belong together.
 *
 * @param components references of the form {@code <domainId>:<componentId>}
 */
public record Baseline(String title, String description, String preconditions, List<String> components) {
    public Baseline {
        title = Values.text(title);
        description = Values.text(description);
        preconditions = Values.text(preconditions);
        components = Values.list(components);
    }
}

package org.vehicleupdate.messages;

/**
 * The component an action is about.
 *
 * @param id prefixed with its domain, for example {@code containers:hello-world}
 */
public record ComponentRef(String id, String version) {
    public ComponentRef {
        id = Values.text(id);
        version = Values.text(version);
    }
}

package org.vehicleupdate.containers.core;

/** What the diff decided for one container, with Kanto's identification messages. */
public enum ActionKind {
    CREATE("New container will be created and started."),
    RECREATE("Existing container will be destroyed and replaced by a new one."),
    UPDATE("Existing container will be updated with new configuration."),
    CHECK("No changes detected, existing container will be check only if it is running."),
    DESTROY("Existing container will be destroyed, no longer needed.");

    private final String message;

    ActionKind(String message) {
        this.message = message;
    }

    public String identificationMessage() {
        return message;
    }
}

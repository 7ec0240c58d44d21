package org.vehicleupdate.containers.core;

import java.util.Objects;
import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.messages.ActionStatus;

/** An {@link ActionState} as the journal keeps it: immutable, every field named. */
public record ActionRecord(String name, String version, ActionKind kind, ContainerSpec desired, ContainerSpec current,
        String currentId, boolean currentWasRunning, String newId, boolean oldAside, boolean oldStopped,
        boolean updatedInPlace, boolean interruptedInUpdate, ActionStatus status, String message, int progress) {
    public ActionRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(currentId, "currentId");
        Objects.requireNonNull(newId, "newId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }
}

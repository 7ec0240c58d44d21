package org.vehicleupdate.messages;

import java.util.Objects;

/**
 * What happens to one component in an update.
 *
 * @param progress percent, 0 to 100
 */
public record Action(ComponentRef component, ActionStatus status, int progress, String message) {
    public Action {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(status, "status");
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0 to 100, got " + progress);
        }
        message = Values.text(message);
    }
}

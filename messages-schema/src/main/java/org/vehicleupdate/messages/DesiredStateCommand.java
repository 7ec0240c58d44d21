package org.vehicleupdate.messages;

import java.util.Objects;

/**
 * A phase command for a domain.
 *
 * @param baseline the baseline it applies to; empty or {@code *} means the whole domain
 */
public record DesiredStateCommand(Command command, String baseline) {
    public DesiredStateCommand {
        Objects.requireNonNull(command, "command");
        baseline = Values.text(baseline);
    }

    public static DesiredStateCommand of(Command command) {
        return new DesiredStateCommand(command, "");
    }
}

package org.vehicleupdate.cli.command;

import java.util.Optional;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.things.model.ThingId;
import org.vehicleupdate.cli.core.ExitCode;
import picocli.CommandLine.Option;

/** Kanto's things mode: the update-manager is reached as the UpdateManager feature of the vehicle's thing. */
final class ThingsOptions {
    @Option(names = "--things", description = "speak to an update-manager in things mode (thingsEnabled): Ditto"
            + " messages to its UpdateManager feature on command///req/..., its feedback from e")
    boolean enabled;

    @Option(names = "--thing", paramLabel = "NAMESPACE:NAME", description = "the vehicle's thing in things mode;"
            + " by default the cloud connector is asked (edge/thing/request)")
    String thing;

    /** @throws CliFailure when --thing is no thing id */
    Optional<ThingId> thingId() {
        if (thing == null || thing.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ThingId.of(thing));
        } catch (DittoRuntimeException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, "--thing '" + thing + "' is not a thing id of the form"
                    + " namespace:name");
        }
    }
}

package org.vehicleupdate.containers.spec;

import java.util.List;

/**
 * The containers part of a desired state, validated.
 *
 * @param systemContainers the effective system containers: the domain's {@code systemContainers} when given,
 *                         otherwise the agent's configured ones
 */
public record DesiredContainers(List<DesiredContainer> containers, List<String> systemContainers) {
    public DesiredContainers {
        containers = List.copyOf(containers);
        systemContainers = List.copyOf(systemContainers);
    }
}

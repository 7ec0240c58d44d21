package org.vehicleupdate.containers.spec;

/** A container of the desired state with the component version it is reported under. */
public record DesiredContainer(String version, ContainerSpec spec) {
}

package org.vehicleupdate.containers.core;

/** A container of the desired state with the component version it is reported under. */
public record DesiredContainer(String version, ContainerSpec spec) {
}

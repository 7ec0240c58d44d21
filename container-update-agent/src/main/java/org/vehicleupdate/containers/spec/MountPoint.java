package org.vehicleupdate.containers.spec;

/** A bind mount, Kanto's {@code src:dst[:propagation]}. */
public record MountPoint(String source, String destination, String propagation) {
    public String format() {
        return source + ":" + destination + ":" + propagation;
    }
}

package org.vehicleupdate.containers.spec;

/** A host device made visible in the container, Kanto's {@code <host_path>:<ctr_path>[:<perms>]}. */
public record DeviceMapping(String hostPath, String containerPath, String permissions) {
    public String format() {
        return hostPath + ":" + containerPath + ":" + permissions;
    }
}

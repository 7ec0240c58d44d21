package org.vehicleupdate.containers.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One container as the desired state describes it, after Kanto's defaults. It is stored on the container as a
 * label when the agent creates it, so the next diff compares like with like and never sees runtime additions
 * (the image's env, Podman's {@code TERM}, the swap the runtime derives from the memory).
 *
 * @param imageDigest the digest the image must have ({@code sha256:...}, the config key {@code imageDigest}); empty
 *                    when the config does not pin one (the reference itself may: {@code image@sha256:...})
 */
public record ContainerSpec(String name, String image, String imageDigest, List<String> env, List<String> cmd,
        List<PortMapping> ports, List<DeviceMapping> devices, List<MountPoint> mounts, List<ExtraHost> hosts,
        String network, boolean privileged, boolean terminal, boolean interactive, RestartPolicy restartPolicy,
        LogSettings log, MemoryLimits memory) {

    /**
     * The name suffix of an old container kept aside (stopped or not) until CLEANUP or ROLLBACK; a desired
     * container may not use it.
     */
    public static final String PREVIOUS_SUFFIX = ".vu-previous";

    public ContainerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        // a spec label written before images could be pinned has no imageDigest
        imageDigest = imageDigest == null ? "" : imageDigest;
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        ports = List.copyOf(ports);
        devices = List.copyOf(devices);
        mounts = List.copyOf(mounts);
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(restartPolicy, "restartPolicy");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(memory, "memory");
    }

    /** The digest the pulled image must have: the config's pin, else the reference's; empty when none. */
    public String pinnedDigest() {
        if (!imageDigest.isEmpty()) {
            return imageDigest;
        }
        int at = image.indexOf('@');
        return at >= 0 ? image.substring(at + 1) : "";
    }

    /**
     * Whether the container must be replaced to get from this spec to the other, as Kanto decides it: image,
     * mounts, env (as a set), cmd (in order), tty/stdin, privileged, network, devices, hosts, ports (as sets)
     * or the log configuration differ; or the other pins an image digest this one was not created with (only a
     * new container's pulled image is checked against it; a pin that is dropped changes nothing).
     */
    public boolean needsRecreateFor(ContainerSpec other) {
        return !image.equals(other.image)
                || !other.imageDigest.isEmpty() && !other.imageDigest.equals(imageDigest)
                || !sameSet(mounts, other.mounts)
                || !sameSet(env, other.env)
                || !cmd.equals(other.cmd)
                || terminal != other.terminal || interactive != other.interactive
                || privileged != other.privileged
                || !network.equals(other.network)
                || !sameSet(devices, other.devices)
                || !sameSet(hosts, other.hosts)
                || !sameSet(ports, other.ports)
                || !log.equals(other.log);
    }

    /** Whether only the restart policy or the memory limits differ: what can be changed in place. */
    public boolean needsUpdateFor(ContainerSpec other) {
        return !restartPolicy.equals(other.restartPolicy) || !memory.equals(other.memory);
    }

    private static <T> boolean sameSet(List<T> a, List<T> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }
}

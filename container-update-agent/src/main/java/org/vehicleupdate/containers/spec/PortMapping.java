package org.vehicleupdate.containers.spec;

/**
 * A published port, Kanto's {@code [<hostIP>:]<hostPort>[-<hostPortEnd>]:<ctrPort>[/<proto>]}.
 *
 * @param hostIp      {@code 0.0.0.0} when the desired state names none
 * @param hostPortEnd equal to {@code hostPort} when no range is given
 */
public record PortMapping(String hostIp, int hostPort, int hostPortEnd, int containerPort, String protocol) {
    public static final String ANY_ADDRESS = "0.0.0.0";

    /** As the inventory shows it: the address only when it is not 0.0.0.0, the range only when it is one. */
    public String format() {
        StringBuilder text = new StringBuilder();
        if (!hostIp.equals(ANY_ADDRESS)) {
            text.append(hostIp).append(':');
        }
        text.append(hostPort);
        if (hostPortEnd != hostPort) {
            text.append('-').append(hostPortEnd);
        }
        return text.append(':').append(containerPort).append('/').append(protocol).toString();
    }

    /** The host side as the Docker API writes it: {@code 8080} or {@code 8080-8090}. */
    public String hostPortText() {
        return hostPortEnd == hostPort ? Integer.toString(hostPort) : hostPort + "-" + hostPortEnd;
    }
}

package org.vehicleupdate.containers.spec;

/**
 * An {@code /etc/hosts} entry, Kanto's {@code name:IP}; the address {@code host_ip} (optionally
 * {@code host_ip_<iface>}) stands for the host itself.
 */
public record ExtraHost(String name, String address) {
    public boolean pointsToHost() {
        return address.equals("host_ip") || address.startsWith("host_ip_");
    }

    public String format() {
        return name + ":" + address;
    }
}

package org.vehicleupdate.selfupdate.core;

/** Tells one boot of the system from the next, so that the agent knows whether a reboot happened. */
@FunctionalInterface
public interface BootIdentity {
    String current();
}

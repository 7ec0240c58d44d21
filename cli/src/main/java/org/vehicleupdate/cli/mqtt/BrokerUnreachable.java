package org.vehicleupdate.cli.mqtt;

/** The broker did not accept a connection (with the subscriptions) within the connect timeout. */
public final class BrokerUnreachable extends Exception {
    public BrokerUnreachable(String message) {
        super(message);
    }
}

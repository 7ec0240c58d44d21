package org.vehicleupdate.kit.journal;

/**
 * What a service's journal does around the messages it announces (see
 * {@link org.vehicleupdate.kit.mqtt.WriteAheadBus}): every record written before a message is durable before
 * the message goes out, and a record that says a message went out is written only once it did.
 */
public interface SyncPoint {

    /** Makes every record written so far durable; called before messages go out. */
    void sync();

    /** The messages published before the last {@link #sync} have been handed to the broker's client. */
    void sent();
}

package org.vehicleupdate.messages;

/** A configuration entry or an inventory parameter; both are strings on the wire. */
public record KeyValue(String key, String value) {
    public KeyValue {
        key = Values.text(key);
        value = Values.text(value);
    }
}

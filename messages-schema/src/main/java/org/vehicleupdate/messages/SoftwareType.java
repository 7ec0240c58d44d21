package org.vehicleupdate.messages;

/** The kind of a software node in an inventory. */
public enum SoftwareType {
    IMAGE,
    RAW,
    DATA,
    APPLICATION,
    CONTAINER
}

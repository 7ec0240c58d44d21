package org.vehicleupdate.containers.core;

/** The container runtime refused or failed an operation; the message is what the runtime said. */
public class ContainerRuntimeException extends Exception {
    public ContainerRuntimeException(String message) {
        super(message);
    }

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}

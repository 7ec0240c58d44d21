package org.vehicleupdate.messages;

/**
 * The payload of a {@code currentstate/get} request: there is nothing in it. Kanto sends {@code null}, Leda
 * sends no payload and the Leda docs show {@code {}}; all three are read as this.
 */
public record CurrentStateRequest() {
}

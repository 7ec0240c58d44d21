/**
 * The wire protocol shared by the update-manager and the domain agents, as Eclipse Kanto and Eclipse Leda
 * define it: the envelope, the payload records, the status and command constants and the topic rule.
 *
 * <p>Records never hold {@code null}: absent strings become {@code ""} and absent lists become empty lists,
 * so that code on either side of the wire can use them without checks. An empty string is left out when a
 * record is written, as Kanto's {@code omitempty} does.
 */
package org.vehicleupdate.messages;

package org.vehicleupdate.kit.agent;

import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;

/**
 * Where an agent's messages go: its feedback on {@code <d>update/desiredstatefeedback} and its inventory,
 * retained, on {@code <d>update/currentstate}. {@link AgentEndpoint#outbox()} is the one over MQTT; tests record.
 */
public interface AgentOutbox {
    void feedback(String activityId, DesiredStateFeedback feedback);

    void currentState(String activityId, Inventory inventory);
}

package org.vehicleupdate.containers.core;

import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;

/** Where the agent reports: the feedback topic and the (retained) current state topic. */
public interface AgentOutput {
    void feedback(String activityId, DesiredStateFeedback feedback);

    void currentState(String activityId, Inventory inventory);
}

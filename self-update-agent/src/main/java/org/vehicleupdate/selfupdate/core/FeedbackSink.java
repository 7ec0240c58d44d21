package org.vehicleupdate.selfupdate.core;

import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;

/** Where the agent's messages go: the feedback topic and the retained current state. */
public interface FeedbackSink {
    void feedback(String activityId, DesiredStateFeedback feedback);

    void currentState(String activityId, Inventory inventory);
}

package org.vehicleupdate.updatemanager.core;

import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;

/** Everything the update-manager sends: southbound to the agents, northbound to the operator and the HMI. */
public interface ManagerOutbox {

    void sendDesiredState(String domain, String activityId, DesiredState part);

    void sendCommand(String domain, String activityId, Command command);

    void requestCurrentState(String domain, String activityId);

    void publishFeedback(String activityId, DesiredStateFeedback feedback);

    /** Retained: a late subscriber still sees the vehicle's inventory. */
    void publishCurrentState(String activityId, Inventory inventory);

    void askOwnerConsent(String activityId, Command command);
}

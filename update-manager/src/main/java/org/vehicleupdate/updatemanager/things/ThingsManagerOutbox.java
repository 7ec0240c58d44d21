package org.vehicleupdate.updatemanager.things;

import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.updatemanager.core.ManagerOutbox;

/**
 * The manager's output in things mode: the agents are still driven on their plain topics, while what the
 * operator sees (feedback, inventory, consent requests) goes to the {@code UpdateManager} feature instead of
 * {@code <domain>update/...}, as with Kanto.
 */
public final class ThingsManagerOutbox implements ManagerOutbox {
    private final ManagerOutbox agents;
    private final UpdateManagerFeature feature;

    /** @param agents the plain outbox, used for the agents' topics only */
    public ThingsManagerOutbox(ManagerOutbox agents, UpdateManagerFeature feature) {
        this.agents = agents;
        this.feature = feature;
    }

    @Override
    public void sendDesiredState(String domain, String activityId, DesiredState part) {
        agents.sendDesiredState(domain, activityId, part);
    }

    @Override
    public void sendCommand(String domain, String activityId, Command command) {
        agents.sendCommand(domain, activityId, command);
    }

    @Override
    public void requestCurrentState(String domain, String activityId) {
        agents.requestCurrentState(domain, activityId);
    }

    @Override
    public void publishFeedback(String activityId, DesiredStateFeedback feedback) {
        feature.sendFeedback(activityId, feedback);
    }

    @Override
    public void publishCurrentState(String activityId, Inventory inventory) {
        feature.setState(activityId, inventory);
    }

    @Override
    public void askOwnerConsent(String activityId, Command command) {
        feature.askConsent(activityId, command);
    }
}

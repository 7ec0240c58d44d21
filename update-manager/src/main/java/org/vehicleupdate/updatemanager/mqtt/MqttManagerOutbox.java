package org.vehicleupdate.updatemanager.mqtt;

import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.OwnerConsent;
import org.vehicleupdate.updatemanager.core.ManagerOutbox;

/** The manager's messages on Kanto's topics: {@code <domain>update/...} northbound, {@code <agent>update/...} south. */
public final class MqttManagerOutbox implements ManagerOutbox {
    private final WireBus wire;
    private final DomainTopics own;

    public MqttManagerOutbox(WireBus wire, String domain) {
        this.wire = wire;
        this.own = DomainTopics.of(domain);
    }

    @Override
    public void sendDesiredState(String domain, String activityId, DesiredState part) {
        wire.send(DomainTopics.of(domain).desiredState(), activityId, part);
    }

    @Override
    public void sendCommand(String domain, String activityId, Command command) {
        wire.send(DomainTopics.of(domain).desiredStateCommand(), activityId, DesiredStateCommand.of(command));
    }

    @Override
    public void requestCurrentState(String domain, String activityId) {
        wire.send(DomainTopics.of(domain).currentStateGet(), activityId, new CurrentStateRequest());
    }

    @Override
    public void publishFeedback(String activityId, DesiredStateFeedback feedback) {
        wire.send(own.desiredStateFeedback(), activityId, feedback);
    }

    @Override
    public void publishCurrentState(String activityId, Inventory inventory) {
        wire.sendRetained(own.currentState(), activityId, inventory);
    }

    @Override
    public void askOwnerConsent(String activityId, Command command) {
        wire.send(own.ownerConsent(), activityId, new OwnerConsent(command));
    }
}

package org.vehicleupdate.updatemanager.testing;

import java.util.function.Consumer;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The topics of one domain as a Kanto agent sees them, for the scripted agents: the desired state, the commands and
 * the current-state requests in, the feedback and the inventory (retained) out. The real agents stand on
 * service-kit's AgentEndpoint instead.
 */
final class ScriptedChannel {
    private final WireBus wire;
    private final DomainTopics topics;

    ScriptedChannel(WireBus wire, String domain) {
        this.wire = wire;
        this.topics = DomainTopics.of(domain);
    }

    public DomainTopics topics() {
        return topics;
    }

    public void onDesiredState(Consumer<ReadResult<DesiredState>> handler) {
        wire.on(topics.desiredState(), MessageKind.DESIRED_STATE, handler);
    }

    public void onCommand(Consumer<ReadResult<DesiredStateCommand>> handler) {
        wire.on(topics.desiredStateCommand(), MessageKind.DESIRED_STATE_COMMAND, handler);
    }

    public void onCurrentStateGet(Consumer<ReadResult<CurrentStateRequest>> handler) {
        wire.on(topics.currentStateGet(), MessageKind.CURRENT_STATE_GET, handler);
    }

    public void sendFeedback(String activityId, DesiredStateFeedback feedback) {
        wire.send(topics.desiredStateFeedback(), activityId, feedback);
    }

    public void sendCurrentState(String activityId, Inventory inventory) {
        wire.sendRetained(topics.currentState(), activityId, inventory);
    }
}

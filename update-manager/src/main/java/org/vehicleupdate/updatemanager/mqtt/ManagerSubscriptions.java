package org.vehicleupdate.updatemanager.mqtt;

import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.updatemanager.core.ManagerInbox;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.trust.DesiredStateGate;

/** The topics the manager listens on: its own request topics and each configured agent's reports. */
public final class ManagerSubscriptions {
    private ManagerSubscriptions() {
    }

    /**
     * @param trust the door every desired state passes, with the bytes as received (what a signature covers)
     */
    public static void register(MessageBus bus, MessageReader reader, WireBus wire, ManagerSettings settings,
            ManagerInbox inbox, DesiredStateGate trust) {
        DomainTopics own = DomainTopics.of(settings.domain());
        bus.subscribe(own.desiredState(), (topic, payload) ->
                inbox.onDesiredState(trust.admit(payload, reader.read(payload, MessageKind.DESIRED_STATE))));
        wire.on(own.desiredStateCommand(), MessageKind.DESIRED_STATE_COMMAND, inbox::onVehicleCommand);
        wire.on(own.currentStateGet(), MessageKind.CURRENT_STATE_GET, inbox::onCurrentStateGet);
        wire.on(own.ownerConsentFeedback(), MessageKind.OWNER_CONSENT_FEEDBACK, inbox::onOwnerConsentFeedback);
        registerAgents(wire, settings, inbox);
    }

    /** Only the agents' reports: in things mode the manager's requests come through the Ditto feature instead. */
    public static void registerAgents(WireBus wire, ManagerSettings settings, ManagerInbox inbox) {
        for (String agent : settings.agents().keySet()) {
            DomainTopics topics = DomainTopics.of(agent);
            wire.<DesiredStateFeedback>on(topics.desiredStateFeedback(), MessageKind.DESIRED_STATE_FEEDBACK,
                    (ReadResult<DesiredStateFeedback> message) -> inbox.onAgentFeedback(agent, message));
            wire.<Inventory>on(topics.currentState(), MessageKind.CURRENT_STATE,
                    (ReadResult<Inventory> message) -> inbox.onAgentCurrentState(agent, message));
        }
    }
}

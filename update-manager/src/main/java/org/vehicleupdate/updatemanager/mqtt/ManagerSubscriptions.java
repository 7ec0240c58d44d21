package org.vehicleupdate.updatemanager.mqtt;

import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.core.UpdateManager;
import org.vehicleupdate.updatemanager.trust.DesiredStateGate;

/** The topics the manager listens on: its own request topics and each configured agent's reports. */
public final class ManagerSubscriptions {
    private ManagerSubscriptions() {
    }

    public static void register(MessageBus bus, MessageReader reader, WireBus wire, ManagerSettings settings,
            UpdateManager manager, DesiredStateGate trust) {
        DomainTopics own = DomainTopics.of(settings.domain());
        bus.subscribe(own.desiredState(), (topic, payload) -> {
            ReadResult<DesiredState> read = reader.read(payload, MessageKind.DESIRED_STATE);
            if (read instanceof ReadResult.Rejected<DesiredState> rejected && rejected.activityId().isEmpty()) {
                read = new ReadResult.Rejected<>(ActivityIdSniffer.sniff(payload), rejected.reason());
            }
            manager.onDesiredState(trust.admit(payload, read));
        });
        wire.on(own.desiredStateCommand(), MessageKind.DESIRED_STATE_COMMAND, manager::onVehicleCommand);
        wire.on(own.currentStateGet(), MessageKind.CURRENT_STATE_GET, manager::onCurrentStateGet);
        wire.on(own.ownerConsentFeedback(), MessageKind.OWNER_CONSENT_FEEDBACK, manager::onOwnerConsentFeedback);
        registerAgents(wire, settings, manager);
    }

    /** Only the agents' reports: in things mode the manager's requests come through the Ditto feature instead. */
    public static void registerAgents(WireBus wire, ManagerSettings settings, UpdateManager manager) {
        for (String agent : settings.agents().keySet()) {
            DomainTopics topics = DomainTopics.of(agent);
            wire.<DesiredStateFeedback>on(topics.desiredStateFeedback(), MessageKind.DESIRED_STATE_FEEDBACK,
                    (ReadResult<DesiredStateFeedback> message) -> manager.onAgentFeedback(agent, message));
            wire.<Inventory>on(topics.currentState(), MessageKind.CURRENT_STATE,
                    (ReadResult<Inventory> message) -> manager.onAgentCurrentState(agent, message));
        }
    }
}

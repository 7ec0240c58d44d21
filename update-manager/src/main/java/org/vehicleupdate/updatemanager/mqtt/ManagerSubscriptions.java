package org.vehicleupdate.updatemanager.mqtt;

import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.updatemanager.core.ManagerInbox;
import org.vehicleupdate.updatemanager.core.ManagerSettings;

/** The topics the manager listens on: its own request topics and each configured agent's reports. */
public final class ManagerSubscriptions {
    private ManagerSubscriptions() {
    }

    public static void register(WireBus wire, ManagerSettings settings, ManagerInbox inbox) {
        DomainTopics own = DomainTopics.of(settings.domain());
        wire.on(own.desiredState(), MessageKind.DESIRED_STATE, inbox::onDesiredState);
        wire.on(own.desiredStateCommand(), MessageKind.DESIRED_STATE_COMMAND, inbox::onVehicleCommand);
        wire.on(own.currentStateGet(), MessageKind.CURRENT_STATE_GET, inbox::onCurrentStateGet);
        wire.on(own.ownerConsentFeedback(), MessageKind.OWNER_CONSENT_FEEDBACK, inbox::onOwnerConsentFeedback);
        for (String agent : settings.agents().keySet()) {
            DomainTopics topics = DomainTopics.of(agent);
            wire.<DesiredStateFeedback>on(topics.desiredStateFeedback(), MessageKind.DESIRED_STATE_FEEDBACK,
                    (ReadResult<DesiredStateFeedback> message) -> inbox.onAgentFeedback(agent, message));
            wire.<Inventory>on(topics.currentState(), MessageKind.CURRENT_STATE,
                    (ReadResult<Inventory> message) -> inbox.onAgentCurrentState(agent, message));
        }
    }
}

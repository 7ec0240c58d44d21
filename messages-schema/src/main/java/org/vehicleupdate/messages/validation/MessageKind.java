package org.vehicleupdate.messages.validation;

import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.OwnerConsent;
import org.vehicleupdate.messages.OwnerConsentFeedback;

/** Each kind of message, with the JSON Schema it must satisfy and the payload record it binds to. */
public enum MessageKind {
    DESIRED_STATE("desired-state", DesiredState.class),
    DESIRED_STATE_COMMAND("desired-state-command", DesiredStateCommand.class),
    DESIRED_STATE_FEEDBACK("desired-state-feedback", DesiredStateFeedback.class),
    CURRENT_STATE("current-state", Inventory.class),
    CURRENT_STATE_GET("current-state-get", CurrentStateRequest.class),
    OWNER_CONSENT("owner-consent", OwnerConsent.class),
    OWNER_CONSENT_FEEDBACK("owner-consent-feedback", OwnerConsentFeedback.class);

    private final String schemaName;
    private final Class<?> payloadType;

    MessageKind(String schemaName, Class<?> payloadType) {
        this.schemaName = schemaName;
        this.payloadType = payloadType;
    }

    /** The schema's path inside the messages-schema jar. */
    public String schemaResource() {
        return "schemas/" + schemaName + ".schema.json";
    }

    public Class<?> payloadType() {
        return payloadType;
    }
}

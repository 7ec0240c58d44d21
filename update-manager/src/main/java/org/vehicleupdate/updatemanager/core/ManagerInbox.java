package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.OwnerConsentFeedback;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * Every message the update-manager receives, already read and validated, goes through here: bad input of any
 * kind is answered (a desired state) or logged (everything else), and never reaches the orchestration.
 */
public final class ManagerInbox {
    private static final System.Logger LOG = System.getLogger(ManagerInbox.class.getName());

    private final Orchestrator orchestrator;
    private final InventoryCollector inventory;
    private final int maxMessageBytes;

    /** @param maxMessageBytes the size limit of every message: what a desired state asks for must fit it */
    public ManagerInbox(Orchestrator orchestrator, InventoryCollector inventory, int maxMessageBytes) {
        this.orchestrator = orchestrator;
        this.inventory = inventory;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Resumes what the journal holds and publishes the vehicle's inventory. */
    public void start(String initialActivityId) {
        orchestrator.start();
        inventory.collect(initialActivityId);
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    public void onDesiredState(ReadResult<DesiredState> message) {
        if (message instanceof ReadResult.Accepted<DesiredState> accepted) {
            Envelope<DesiredState> envelope = accepted.envelope();
            Optional<String> tooMany = AnswerBudget.exceededBy(envelope.payload(), maxMessageBytes);
            if (tooMany.isPresent()) {
                orchestrator.onDesiredStateRejected(envelope.activityId(), tooMany.get());
            } else {
                orchestrator.onDesiredState(envelope.activityId(), envelope.payload());
            }
        } else if (message instanceof ReadResult.Rejected<DesiredState> rejected) {
            orchestrator.onDesiredStateRejected(rejected.activityId(), rejected.reason());
        }
    }

    /** Kanto accepts and ignores commands on its own topic; so do we, with a log line that says so. */
    public void onVehicleCommand(ReadResult<DesiredStateCommand> message) {
        if (message instanceof ReadResult.Accepted<DesiredStateCommand> accepted) {
            LOG.log(System.Logger.Level.INFO,
                "[" + accepted.envelope().activityId() + "] command " + accepted.envelope().payload().command()
                        + " on the update-manager's own topic ignored: the update-manager drives the phases");
        } else if (message instanceof ReadResult.Rejected<DesiredStateCommand> rejected) {
            LOG.log(System.Logger.Level.WARNING,
                "[" + rejected.activityId() + "] command refused: " + rejected.reason());
        }
    }

    public void onCurrentStateGet(ReadResult<CurrentStateRequest> message) {
        if (message instanceof ReadResult.Accepted<CurrentStateRequest> accepted) {
            inventory.collect(accepted.envelope().activityId());
        } else if (message instanceof ReadResult.Rejected<CurrentStateRequest> rejected) {
            LOG.log(System.Logger.Level.WARNING,
                "[" + rejected.activityId() + "] current state request refused: " + rejected.reason());
        }
    }

    public void onOwnerConsentFeedback(ReadResult<OwnerConsentFeedback> message) {
        if (message instanceof ReadResult.Accepted<OwnerConsentFeedback> accepted) {
            orchestrator.onOwnerConsent(
                accepted.envelope().activityId(), accepted.envelope().payload().status());
        } else if (message instanceof ReadResult.Rejected<OwnerConsentFeedback> rejected) {
            LOG.log(System.Logger.Level.WARNING,
                "[" + rejected.activityId() + "] owner consent feedback refused: " + rejected.reason());
        }
    }

    public void onAgentFeedback(String domain, ReadResult<DesiredStateFeedback> message) {
        if (message instanceof ReadResult.Accepted<DesiredStateFeedback> accepted) {
            orchestrator.onAgentFeedback(domain,
                accepted.envelope().activityId(), accepted.envelope().payload());
        } else if (message instanceof ReadResult.Rejected<DesiredStateFeedback> rejected) {
            LOG.log(System.Logger.Level.WARNING,
                "[" + rejected.activityId() + "] feedback from agent " + domain + " refused: " + rejected.reason());
        }
    }

    public void onAgentCurrentState(String domain, ReadResult<Inventory> message) {
        if (message instanceof ReadResult.Accepted<Inventory> accepted) {
            Envelope<Inventory> envelope = accepted.envelope();
            inventory.onCurrentState(domain, envelope.activityId(), envelope.timestamp(), envelope.payload());
            orchestrator.onAgentCurrentState(domain, envelope.activityId(), envelope.timestamp(),
                    envelope.payload());
        } else if (message instanceof ReadResult.Rejected<Inventory> rejected) {
            LOG.log(System.Logger.Level.WARNING,
                "[" + rejected.activityId() + "] current state from agent " + domain + " refused: "
                        + rejected.reason());
        }
    }
}

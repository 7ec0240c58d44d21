package org.vehicleupdate.selfupdate.mqtt;

import org.vehicleupdate.kit.agent.AgentChannel;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.validation.ReadResult;
import org.vehicleupdate.selfupdate.core.SelfUpdateAgent;

/** Hands the three inbound topics of the domain to the agent; unreadable messages get their answer too. */
public final class AgentSubscriptions {
    private static final System.Logger LOG = System.getLogger(AgentSubscriptions.class.getName());

    private AgentSubscriptions() {
    }

    public static void register(AgentChannel channel, SelfUpdateAgent agent) {
        channel.onDesiredState((ReadResult<DesiredState> result) -> {
            if (result instanceof ReadResult.Accepted<DesiredState> accepted) {
                agent.onDesiredState(accepted.envelope().activityId(), accepted.envelope().payload());
            } else if (result instanceof ReadResult.Rejected<DesiredState> rejected) {
                agent.onUnreadableDesiredState(rejected.activityId(), rejected.reason());
            }
        });
        channel.onCommand((ReadResult<DesiredStateCommand> result) -> {
            if (result instanceof ReadResult.Accepted<DesiredStateCommand> accepted) {
                agent.onCommand(accepted.envelope().activityId(), accepted.envelope().payload().command());
            } else if (result instanceof ReadResult.Rejected<DesiredStateCommand> rejected) {
                agent.onUnreadableCommand(rejected.activityId(), rejected.reason());
            }
        });
        channel.onCurrentStateGet((ReadResult<CurrentStateRequest> result) -> {
            if (result instanceof ReadResult.Accepted<CurrentStateRequest> accepted) {
                agent.onCurrentStateGet(accepted.envelope().activityId());
            } else if (result instanceof ReadResult.Rejected<CurrentStateRequest> rejected) {
                LOG.log(System.Logger.Level.WARNING, "[" + rejected.activityId() + "] unreadable current state "
                        + "request: " + rejected.reason());
            }
        });
    }
}

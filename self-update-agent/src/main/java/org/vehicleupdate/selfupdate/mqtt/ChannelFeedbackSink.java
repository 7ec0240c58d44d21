package org.vehicleupdate.selfupdate.mqtt;

import org.vehicleupdate.kit.agent.AgentChannel;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.selfupdate.core.FeedbackSink;

/** Feedback on {@code selfupdate/desiredstatefeedback}, the current state retained on {@code selfupdate/currentstate}. */
public final class ChannelFeedbackSink implements FeedbackSink {
    private final AgentChannel channel;

    public ChannelFeedbackSink(AgentChannel channel) {
        this.channel = channel;
    }

    @Override
    public void feedback(String activityId, DesiredStateFeedback feedback) {
        channel.sendFeedback(activityId, feedback);
    }

    @Override
    public void currentState(String activityId, Inventory inventory) {
        channel.sendCurrentState(activityId, inventory);
    }
}

package org.vehicleupdate.selfupdate.core;

import java.util.ArrayList;
import java.util.List;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/** Keeps what the agent sent. */
final class RecordingSink implements AgentOutbox {
    final List<DesiredStateFeedback> feedback = new ArrayList<>();
    final List<Inventory> currentStates = new ArrayList<>();
    final List<String> activityIds = new ArrayList<>();

    @Override
    public void feedback(String activityId, DesiredStateFeedback message) {
        feedback.add(message);
        activityIds.add(activityId);
    }

    @Override
    public void currentState(String activityId, Inventory inventory) {
        currentStates.add(inventory);
    }

    List<Status> statuses() {
        return feedback.stream().map(DesiredStateFeedback::status).toList();
    }

    DesiredStateFeedback last() {
        return feedback.get(feedback.size() - 1);
    }

    void clear() {
        feedback.clear();
        activityIds.clear();
        currentStates.clear();
    }
}

package org.vehicleupdate.kit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/** Keeps what an agent sent, in order, for tests of an agent without MQTT. */
public final class RecordingOutbox implements AgentOutbox {
    private final List<Map.Entry<String, DesiredStateFeedback>> feedback = new ArrayList<>();
    private final List<Map.Entry<String, Inventory>> currentStates = new ArrayList<>();

    @Override
    public synchronized void feedback(String activityId, DesiredStateFeedback message) {
        feedback.add(Map.entry(activityId, message));
    }

    @Override
    public synchronized void currentState(String activityId, Inventory inventory) {
        currentStates.add(Map.entry(activityId, inventory));
    }

    /** The feedback sent, without the activityIds. */
    public synchronized List<DesiredStateFeedback> feedback() {
        return feedback.stream().map(Map.Entry::getValue).toList();
    }

    public synchronized List<Status> statuses() {
        return feedback.stream().map(e -> e.getValue().status()).toList();
    }

    /** The activityId of each feedback sent. */
    public synchronized List<String> activityIds() {
        return feedback.stream().map(Map.Entry::getKey).toList();
    }

    public synchronized DesiredStateFeedback last() {
        return feedback.get(feedback.size() - 1).getValue();
    }

    /** The current states sent, each with its activityId. */
    public synchronized List<Map.Entry<String, Inventory>> currentStates() {
        return List.copyOf(currentStates);
    }

    public synchronized void clear() {
        feedback.clear();
        currentStates.clear();
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.List;
import org.vehicleupdate.kit.journal.SyncPoint;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/** Records what the manager sends, and hands the southbound messages to the fake agents. */
final class RecordingOutbox implements ManagerOutbox {
    final List<String> southbound = new ArrayList<>();
    final List<DesiredStateFeedback> feedback = new ArrayList<>();
    final List<String> feedbackActivities = new ArrayList<>();
    final List<Inventory> currentStates = new ArrayList<>();
    final List<String> currentStateActivities = new ArrayList<>();
    final List<Command> consentRequests = new ArrayList<>();
    FakeAgents agents;
    /** Synced before each message is recorded and told after, as the runtime's WriteAheadBus does. */
    SyncPoint journal = new SyncPoint() {
        @Override
        public void sync() {
        }

        @Override
        public void sent() {
        }
    };

    @Override
    public void sendDesiredState(String domain, String activityId, DesiredState part) {
        journal.sync();
        southbound.add(domain + " desiredstate");
        if (agents != null) {
            agents.desiredState(domain, activityId, part);
        }
        journal.sent();
    }

    @Override
    public void sendCommand(String domain, String activityId, Command command) {
        journal.sync();
        southbound.add(domain + " " + command);
        if (agents != null) {
            agents.command(domain, activityId, command);
        }
        journal.sent();
    }

    @Override
    public void requestCurrentState(String domain, String activityId) {
        journal.sync();
        southbound.add(domain + " currentstate/get");
        if (agents != null) {
            agents.currentStateGet(domain, activityId);
        }
        journal.sent();
    }

    @Override
    public void publishFeedback(String activityId, DesiredStateFeedback message) {
        journal.sync();
        feedbackActivities.add(activityId);
        feedback.add(message);
        journal.sent();
    }

    @Override
    public void publishCurrentState(String activityId, Inventory inventory) {
        journal.sync();
        currentStateActivities.add(activityId);
        currentStates.add(inventory);
        journal.sent();
    }

    @Override
    public void askOwnerConsent(String activityId, Command command) {
        journal.sync();
        consentRequests.add(command);
        journal.sent();
    }

    List<Status> statuses() {
        return feedback.stream().map(DesiredStateFeedback::status).toList();
    }

    DesiredStateFeedback last() {
        return feedback.get(feedback.size() - 1);
    }

    List<String> commands() {
        return southbound.stream().filter(s -> !s.endsWith("currentstate/get")).toList();
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;
import org.vehicleupdate.messages.Status;

/**
 * Agents that answer as Kanto's containers agent does, queued: the test delivers their answers with
 * {@link #deliver()}, as MQTT would after the manager's handler returned.
 */
final class FakeAgents {
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final Map<String, Script> scripts = new HashMap<>();
    final List<DesiredState> received = new ArrayList<>();
    Orchestrator orchestrator;
    InventoryCollector inventory;
    long timestamp;

    /** What an agent does: its actions, the command it fails, the commands it never answers. */
    static final class Script {
        boolean noActions;
        Command failOn;
        Set<Command> silentOn = EnumSet.noneOf(Command.class);
        boolean answersCurrentState = true;
        String version = "2.0";
    }

    Script script(String domain) {
        return scripts.computeIfAbsent(domain, d -> new Script());
    }

    void desiredState(String domain, String activityId, DesiredState part) {
        received.add(part);
        Script script = script(domain);
        queue.add(() -> orchestrator.onAgentFeedback(domain, activityId,
                DesiredStateFeedback.of(Status.IDENTIFYING, "", List.of())));
        if (script.noActions) {
            queue.add(() -> orchestrator.onAgentFeedback(domain, activityId,
                    DesiredStateFeedback.of(Status.IDENTIFIED, "", List.of())));
            queue.add(() -> orchestrator.onAgentFeedback(domain, activityId,
                    DesiredStateFeedback.of(Status.COMPLETED, "", List.of())));
        } else {
            queue.add(() -> send(domain, activityId, Status.IDENTIFIED, ActionStatus.IDENTIFIED));
        }
    }

    void command(String domain, String activityId, Command command) {
        Script script = script(domain);
        if (script.silentOn.contains(command)) {
            return;
        }
        boolean fail = command == script.failOn;
        switch (command) {
            case DOWNLOAD -> phase(domain, activityId, Status.DOWNLOADING, fail ? Status.DOWNLOAD_FAILURE
                    : Status.DOWNLOAD_SUCCESS, ActionStatus.DOWNLOADING, fail ? ActionStatus.DOWNLOAD_FAILURE
                    : ActionStatus.DOWNLOAD_SUCCESS);
            case UPDATE -> phase(domain, activityId, Status.UPDATING, fail ? Status.UPDATE_FAILURE
                    : Status.UPDATE_SUCCESS, ActionStatus.UPDATING, fail ? ActionStatus.UPDATE_FAILURE
                    : ActionStatus.UPDATE_SUCCESS);
            case ACTIVATE -> phase(domain, activityId, Status.ACTIVATING, fail ? Status.ACTIVATION_FAILURE
                    : Status.ACTIVATION_SUCCESS, ActionStatus.ACTIVATING, fail ? ActionStatus.ACTIVATION_FAILURE
                    : ActionStatus.ACTIVATION_SUCCESS);
            case ROLLBACK -> phase(domain, activityId, Status.ROLLBACK, fail ? Status.ROLLBACK_FAILURE
                    : Status.ROLLBACK_SUCCESS, ActionStatus.UPDATING, ActionStatus.UPDATE_SUCCESS);
            case CLEANUP -> {
                queue.add(() -> send(domain, activityId, Status.CLEANUP_SUCCESS, ActionStatus.REMOVAL_SUCCESS));
                queue.add(() -> send(domain, activityId, Status.COMPLETED, ActionStatus.REMOVAL_SUCCESS));
            }
        }
    }

    void currentStateGet(String domain, String activityId) {
        Script script = script(domain);
        if (!script.answersCurrentState) {
            return;
        }
        queue.add(() -> {
            Inventory current = inventory(domain);
            inventory.onCurrentState(domain, activityId, ++timestamp, current);
            orchestrator.onAgentCurrentState(domain, activityId, timestamp, current);
        });
    }

    Inventory inventory(String domain) {
        Script script = script(domain);
        return new Inventory(List.of(), List.of(
                new SoftwareNode(domain + "-update-agent", "1", "", List.of(), SoftwareType.APPLICATION),
                new SoftwareNode(domain + ":app", script.version, "", List.of(), SoftwareType.CONTAINER)),
                List.of());
    }

    /** Delivers every queued answer, including the answers to commands they provoke. */
    void deliver() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    /** Delivers one queued answer. */
    void deliverOne() {
        queue.poll().run();
    }

    void drop() {
        queue.clear();
    }

    private void phase(String domain, String activityId, Status running, Status result, ActionStatus runningAction,
            ActionStatus resultAction) {
        queue.add(() -> send(domain, activityId, running, runningAction));
        String reason = result.name().endsWith("FAILURE") ? "disk full" : "";
        queue.add(() -> orchestrator.onAgentFeedback(domain, activityId,
                DesiredStateFeedback.of(result, reason, List.of(action(domain, resultAction)))));
    }

    private void send(String domain, String activityId, Status status, ActionStatus actionStatus) {
        orchestrator.onAgentFeedback(domain, activityId,
                DesiredStateFeedback.of(status, "", List.of(action(domain, actionStatus))));
    }

    private static Action action(String domain, ActionStatus status) {
        return new Action(new ComponentRef(domain + ":app", "2.0"), status, 0, "");
    }
}

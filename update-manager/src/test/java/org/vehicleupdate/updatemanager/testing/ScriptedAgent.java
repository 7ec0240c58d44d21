package org.vehicleupdate.updatemanager.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * A domain agent over real MQTT that answers as Kanto's containers agent and Leda's self-update agent do:
 * IDENTIFYING then IDENTIFIED with one action per component; for each command its running status, then success
 * or, when scripted so, failure; CLEANUP_SUCCESS then COMPLETED or INCOMPLETE. Like this project's agents, it
 * answers a command it already carried out with that phase's result instead of doing it again.
 */
public final class ScriptedAgent implements AutoCloseable {
    private final String domain;
    private final PahoMessageBus bus;
    private final ScriptedChannel channel;
    private final Map<Command, Status> results = new EnumMap<>(Command.class);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile String activityId = "";
    private volatile List<Component> desired = List.of();
    private volatile List<Component> installed = List.of();
    private volatile List<Component> previous = List.of();
    private volatile boolean identifiedWithActions;
    /** The command this agent fails. */
    public volatile Command failOn;
    /** Commands this agent never answers. */
    public final Set<Command> silentOn = Collections.synchronizedSet(EnumSet.noneOf(Command.class));
    /** The desired versions are what it runs already: IDENTIFIED without actions, then COMPLETED. */
    public volatile boolean upToDate;
    /** How long it works on each command before it answers. */
    public volatile Duration workTime = Duration.ZERO;
    /** Answers a desired state (IDENTIFYING, IDENTIFIED); when false, it only records it. */
    public volatile boolean answersDesiredState = true;
    /** Answers requests for its current state. */
    public volatile boolean answersCurrentState = true;
    /** Runs when a command arrives, before the agent answers it. */
    public volatile Consumer<Command> onCommand = c -> { };

    public ScriptedAgent(String brokerUrl, String domain, String installedVersion) {
        this.domain = domain;
        this.bus = PahoMessageBus.create(BrokerSettings.plain(brokerUrl, "agent-" + domain + "-" + UUID.randomUUID()));
        this.channel = new ScriptedChannel(new WireBus(bus, new MessageReader(), Clock.systemUTC()), domain);
        this.installed = List.of(new Component("app", installedVersion, List.of()));
        channel.onDesiredState(this::desiredState);
        channel.onCommand(this::command);
        channel.onCurrentStateGet(m -> {
            if (m instanceof ReadResult.Accepted<?> accepted && answersCurrentState) {
                channel.sendCurrentState(accepted.envelope().activityId(), inventory());
            }
        });
    }

    public String domain() {
        return domain;
    }

    public ScriptedAgent start() {
        bus.start();
        try {
            if (!bus.awaitConnected(Duration.ofSeconds(10))) {
                throw new IllegalStateException("agent " + domain + " could not connect");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** What it received, in order: {@code desiredstate}, {@code DOWNLOAD}, ... */
    public List<String> received() {
        return new ArrayList<>(log);
    }

    /** What it carried out (a repeated command answered from memory is not carried out again). */
    public long executions(Command command) {
        return log.stream().filter(s -> s.equals("do " + command)).count();
    }

    /** Sends a result on its own, as the self-update agent does after the reboot. */
    public void report(String activity, Status status, String message) {
        channel.sendFeedback(activity, DesiredStateFeedback.of(status, message, actions(ActionStatus.UPDATE_SUCCESS)));
    }

    private synchronized void desiredState(ReadResult<DesiredState> message) {
        if (!(message instanceof ReadResult.Accepted<DesiredState> accepted)) {
            return;
        }
        log.add("desiredstate");
        if (!answersDesiredState) {
            return;
        }
        String id = accepted.envelope().activityId();
        Domain part = accepted.envelope().payload().domain(domain).orElseThrow();
        if (id.equals(activityId) && !results.isEmpty()) {
            return;
        }
        activityId = id;
        results.clear();
        desired = part.components();
        channel.sendFeedback(id, DesiredStateFeedback.of(Status.IDENTIFYING, "evaluating", List.of()));
        if (upToDate) {
            identifiedWithActions = false;
            channel.sendFeedback(id, DesiredStateFeedback.of(Status.IDENTIFIED, "nothing to do", List.of()));
            channel.sendFeedback(id, DesiredStateFeedback.of(Status.COMPLETED, "", List.of()));
            return;
        }
        identifiedWithActions = true;
        channel.sendFeedback(id, DesiredStateFeedback.of(Status.IDENTIFIED, "", actions(ActionStatus.IDENTIFIED)));
    }

    private synchronized void command(ReadResult<DesiredStateCommand> message) {
        if (!(message instanceof ReadResult.Accepted<DesiredStateCommand> accepted)) {
            return;
        }
        Command command = accepted.envelope().payload().command();
        String id = accepted.envelope().activityId();
        log.add(command.name());
        onCommand.accept(command);
        if (silentOn.contains(command) || !id.equals(activityId) || !identifiedWithActions) {
            return;
        }
        Status known = results.get(command);
        if (known != null) {
            channel.sendFeedback(id, DesiredStateFeedback.of(known, "", actions(ActionStatus.UPDATE_SUCCESS)));
            return;
        }
        log.add("do " + command);
        if (!workTime.isZero()) {
            try {
                Thread.sleep(workTime.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean fail = command == failOn;
        Status running;
        Status result;
        switch (command) {
            case DOWNLOAD -> {
                running = Status.DOWNLOADING;
                result = fail ? Status.DOWNLOAD_FAILURE : Status.DOWNLOAD_SUCCESS;
            }
            case UPDATE -> {
                running = Status.UPDATING;
                result = fail ? Status.UPDATE_FAILURE : Status.UPDATE_SUCCESS;
            }
            case ACTIVATE -> {
                running = Status.ACTIVATING;
                result = fail ? Status.ACTIVATION_FAILURE : Status.ACTIVATION_SUCCESS;
                if (!fail) {
                    previous = installed;
                    installed = desired;
                }
            }
            case ROLLBACK -> {
                running = Status.ROLLBACK;
                result = fail ? Status.ROLLBACK_FAILURE : Status.ROLLBACK_SUCCESS;
                if (!fail && !previous.isEmpty()) {
                    installed = previous;
                }
            }
            default -> {
                boolean activated = results.get(Command.ACTIVATE) == Status.ACTIVATION_SUCCESS
                        && !results.containsKey(Command.ROLLBACK);
                results.put(command, Status.CLEANUP_SUCCESS);
                channel.sendFeedback(id, DesiredStateFeedback.of(Status.CLEANUP_SUCCESS, "",
                        actions(ActionStatus.REMOVAL_SUCCESS)));
                channel.sendFeedback(id, DesiredStateFeedback.of(activated ? Status.COMPLETED : Status.INCOMPLETE,
                        "", actions(ActionStatus.UPDATE_SUCCESS)));
                return;
            }
        }
        results.put(command, result);
        channel.sendFeedback(id, DesiredStateFeedback.of(running, "", actions(ActionStatus.UPDATING)));
        channel.sendFeedback(id, DesiredStateFeedback.of(result, fail ? "scripted failure in " + command : "",
                actions(fail ? ActionStatus.UPDATE_FAILURE : ActionStatus.UPDATE_SUCCESS)));
    }

    private List<Action> actions(ActionStatus status) {
        return desired.stream().map(c -> new Action(new ComponentRef(domain + ":" + c.id(), c.version()), status, 0,
                "")).toList();
    }

    public Inventory inventory() {
        List<SoftwareNode> nodes = new ArrayList<>();
        String root = (domain.endsWith("update") ? domain : domain + "-update") + "-agent";
        nodes.add(new SoftwareNode(root, "1.0", "Scripted agent", List.of(new KeyValue("domain", domain)),
                SoftwareType.APPLICATION));
        installed.forEach(c -> nodes.add(new SoftwareNode(domain + ":" + c.id(), c.version(), c.id(), List.of(),
                SoftwareType.CONTAINER)));
        return new Inventory(List.of(), nodes, nodes.stream().skip(1)
                .map(n -> new org.vehicleupdate.messages.Association(root, n.id())).toList());
    }

    @Override
    public void close() {
        bus.close();
    }
}

package org.vehicleupdate.kit.agent;

import java.time.Clock;
import java.time.Duration;
import org.vehicleupdate.kit.mqtt.GatedBus;
import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * An agent on MQTT: the {@link AgentProtocol} on the domain's topics ({@code <d>update/desiredstate},
 * {@code .../desiredstate/command}, {@code .../currentstate/get} in; {@code .../desiredstatefeedback} and the
 * retained {@code .../currentstate} out). Every message in is checked by the {@link MessageReader}; one it refuses
 * goes to {@link AgentProtocol#onUnreadable}. Messages are held back until the agent has read its journal.
 *
 * <p>Use: build the endpoint on a bus that is not started, give {@link #outbox()} to the domain agent,
 * {@link #serve} it, start the bus, then {@link #start}.
 */
public final class AgentEndpoint {
    private static final System.Logger LOG = System.getLogger(AgentEndpoint.class.getName());

    private final GatedBus gate;
    private final WireBus wire;
    private final DomainTopics topics;
    private final Clock clock;
    private final AgentOutbox outbox;
    private AgentProtocol protocol;

    public AgentEndpoint(MessageBus bus, MessageReader reader, Clock clock, String domain) {
        this.gate = new GatedBus(bus);
        this.wire = new WireBus(gate, reader, clock);
        this.topics = DomainTopics.of(domain);
        this.clock = clock;
        this.outbox = new AgentOutbox() {
            @Override
            public void feedback(String activityId, DesiredStateFeedback feedback) {
                wire.send(topics.desiredStateFeedback(), activityId, feedback);
            }

            @Override
            public void currentState(String activityId, Inventory inventory) {
                wire.sendRetained(topics.currentState(), activityId, inventory);
            }
        };
    }

    public DomainTopics topics() {
        return topics;
    }

    /** The domain's feedback and current state on MQTT. */
    public AgentOutbox outbox() {
        return outbox;
    }

    /** Subscribes the domain's topics for the agent; call it before the bus connects. */
    public AgentProtocol serve(DomainAgent agent) {
        AgentProtocol served = new AgentProtocol(agent, outbox, clock);
        wire.on(topics.desiredState(), MessageKind.DESIRED_STATE, (ReadResult<DesiredState> message) -> {
            if (message instanceof ReadResult.Accepted<DesiredState> accepted) {
                served.onDesiredState(accepted.envelope().activityId(), accepted.envelope().payload());
            } else if (message instanceof ReadResult.Rejected<DesiredState> rejected) {
                served.onUnreadable(MessageKind.DESIRED_STATE, rejected.activityId(), rejected.reason());
            }
        });
        wire.on(topics.desiredStateCommand(), MessageKind.DESIRED_STATE_COMMAND,
                (ReadResult<DesiredStateCommand> message) -> {
                    if (message instanceof ReadResult.Accepted<DesiredStateCommand> accepted) {
                        served.onCommand(accepted.envelope().activityId(), accepted.envelope().payload());
                    } else if (message instanceof ReadResult.Rejected<DesiredStateCommand> rejected) {
                        served.onUnreadable(MessageKind.DESIRED_STATE_COMMAND, rejected.activityId(),
                                rejected.reason());
                    }
                });
        wire.on(topics.currentStateGet(), MessageKind.CURRENT_STATE_GET, (ReadResult<CurrentStateRequest> message) -> {
            if (message instanceof ReadResult.Accepted<CurrentStateRequest> accepted) {
                served.onCurrentStateGet(accepted.envelope().activityId());
            } else if (message instanceof ReadResult.Rejected<CurrentStateRequest> rejected) {
                served.onUnreadable(MessageKind.CURRENT_STATE_GET, rejected.activityId(), rejected.reason());
            }
        });
        this.protocol = served;
        return served;
    }

    /**
     * On a thread of its own (a resumed install may take minutes and must not hold up the service's start): reads
     * the journal and resumes, lets the held messages through, and once the broker connection is up publishes the
     * first inventory.
     */
    public Thread start(Connection connection) {
        if (protocol == null) {
            throw new IllegalStateException("serve an agent first");
        }
        Thread starter = new Thread(() -> {
            try {
                protocol.start();
            } finally {
                gate.open();
            }
            try {
                while (!connection.awaitConnected(Duration.ofMinutes(1))) {
                    LOG.log(System.Logger.Level.WARNING, "[" + topics.domain() + "] still not connected to the "
                            + "broker; the first current state is published once it is");
                }
                protocol.publishInitialState();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, topics.domain() + "-agent-start");
        starter.setDaemon(true);
        starter.start();
        return starter;
    }

    /** From now on nothing is handled or sent, as if the process had died. */
    public void halt() {
        gate.halt();
    }

    /** Tells when the broker connection is up, e.g. {@code PahoMessageBus::awaitConnected}. */
    @FunctionalInterface
    public interface Connection {
        boolean awaitConnected(Duration timeout) throws InterruptedException;
    }
}

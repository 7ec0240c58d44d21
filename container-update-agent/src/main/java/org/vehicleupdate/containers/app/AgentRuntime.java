package org.vehicleupdate.containers.app;

import java.time.Clock;
import java.time.Duration;
import org.vehicleupdate.containers.core.AgentOutput;
import org.vehicleupdate.containers.core.ContainerUpdateAgent;
import org.vehicleupdate.containers.docker.DockerContainerRuntime;
import org.vehicleupdate.containers.docker.RegistryCredentials;
import org.vehicleupdate.containers.store.JournalAppliedSpecs;
import org.vehicleupdate.containers.store.JournalOperationStore;
import org.vehicleupdate.kit.agent.AgentChannel;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * The running agent: the core with its Docker, journal and MQTT adapters. Plain Java, so that the Quarkus
 * bean and a test's separate JVM start it the same way. Messages are handled on the MQTT handler thread, one
 * at a time, and acknowledged after their handler returned: a command that was being worked on when the agent
 * died is delivered again and answered from the journal.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

    private final PahoMessageBus bus;
    private final DockerContainerRuntime docker;

    private AgentRuntime(PahoMessageBus bus, DockerContainerRuntime docker) {
        this.bus = bus;
        this.docker = docker;
    }

    public static AgentRuntime start(AgentConfig config) {
        RegistryCredentials credentials = config.registryAuthFile().map(RegistryCredentials::load)
                .orElse(RegistryCredentials.none());
        DockerContainerRuntime docker = DockerContainerRuntime.connect(config.dockerHost(), config.apiVersion(),
                credentials);
        PahoMessageBus bus = PahoMessageBus.create(config.broker());
        Clock clock = Clock.systemUTC();
        AgentChannel channel = new AgentChannel(new WireBus(bus, new MessageReader(), clock), config.settings().domain());
        AgentOutput output = new AgentOutput() {
            @Override
            public void feedback(String activityId, DesiredStateFeedback feedback) {
                channel.sendFeedback(activityId, feedback);
            }

            @Override
            public void currentState(String activityId, Inventory inventory) {
                channel.sendCurrentState(activityId, inventory);
            }
        };
        ContainerUpdateAgent agent = new ContainerUpdateAgent(config.settings(), docker,
                new JournalOperationStore(config.journal()),
                new JournalAppliedSpecs(config.journal().resolveSibling("applied-specs.json")), output, clock,
                AgentRuntime::sleep);
        channel.onDesiredState(message -> {
            if (message instanceof ReadResult.Accepted<DesiredState> a) {
                agent.onDesiredState(a.envelope().activityId(), a.envelope().payload());
            } else if (message instanceof ReadResult.Rejected<DesiredState> r) {
                agent.onRejectedDesiredState(r.activityId(), r.reason());
            }
        });
        channel.onCommand(message -> {
            if (message instanceof ReadResult.Accepted<DesiredStateCommand> a) {
                agent.onCommand(a.envelope().activityId(), a.envelope().payload());
            } else if (message instanceof ReadResult.Rejected<DesiredStateCommand> r) {
                LOG.log(System.Logger.Level.WARNING, "[" + r.activityId() + "] command refused: " + r.reason());
            }
        });
        channel.onCurrentStateGet(message -> {
            // the request carries nothing the agent needs: even one that fails validation gets the state
            String activityId = message instanceof ReadResult.Accepted<CurrentStateRequest> a
                    ? a.envelope().activityId() : ((ReadResult.Rejected<CurrentStateRequest>) message).activityId();
            agent.onCurrentStateGet(activityId);
        });
        // resume before the first message can arrive; what it publishes waits in Paho's offline buffer
        agent.start();
        bus.start();
        Thread announcer = new Thread(() -> {
            try {
                while (!bus.awaitConnected(Duration.ofMinutes(1))) {
                    LOG.log(System.Logger.Level.WARNING, "still waiting for broker " + config.broker().url());
                }
                agent.publishInitialState();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "initial-current-state");
        announcer.setDaemon(true);
        announcer.start();
        LOG.log(System.Logger.Level.INFO, "container update agent for domain " + config.settings().domain()
                + " on " + config.dockerHost() + " (API " + config.apiVersion() + "), broker " + config.broker().url());
        return new AgentRuntime(bus, docker);
    }

    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return bus.awaitConnected(timeout);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Override
    public void close() {
        bus.close();
        docker.close();
    }
}

package org.vehicleupdate.containers.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.vehicleupdate.containers.core.ContainerRuntimeException;
import org.vehicleupdate.containers.core.ContainerUpdateAgent;
import org.vehicleupdate.containers.docker.DockerContainerRuntime;
import org.vehicleupdate.containers.docker.RegistryCredentials;
import org.vehicleupdate.containers.store.ContainerJournal;
import org.vehicleupdate.kit.agent.AgentEndpoint;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.messages.validation.MessageReader;

/**
 * The running agent: the core with its Docker and journal adapters, on MQTT through service-kit's
 * {@link AgentEndpoint}. Plain Java, so that the Quarkus bean and a test's separate JVM start it the same way.
 * Messages are handled on the MQTT handler thread, one at a time, and acknowledged after their handler returned:
 * a command that was being worked on when the agent died is delivered again and answered from the journal.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

    private final ContainerJournal journal;
    private final PahoMessageBus bus;
    private final DockerContainerRuntime docker;
    private final ExecutorService workers;

    private AgentRuntime(ContainerJournal journal, PahoMessageBus bus, DockerContainerRuntime docker,
            ExecutorService workers) {
        this.journal = journal;
        this.bus = bus;
        this.docker = docker;
        this.workers = workers;
    }

    /**
     * Connects and resumes the journaled activity meanwhile; messages wait until the journal is read.
     *
     * @throws JournalFormatException when the journal is not fully understood: the agent does not start
     */
    public static AgentRuntime start(AgentConfig config) {
        // first: a journal the agent does not understand stops the start before anything else is opened
        ContainerJournal journal = new ContainerJournal(config.journal());
        RegistryCredentials credentials = config.registryAuthFile().map(RegistryCredentials::load)
                .orElse(RegistryCredentials.none());
        DockerContainerRuntime docker = DockerContainerRuntime.connect(config.dockerHost(), config.apiVersion(),
                credentials);
        PahoMessageBus bus = PahoMessageBus.create(config.broker());
        Clock clock = Clock.systemUTC();
        AgentEndpoint endpoint = new AgentEndpoint(bus, new MessageReader(), clock, config.settings().domain());
        ExecutorService workers = workers(config.settings().parallelOperations());
        // the first API call loads docker-java's response types and the socket's native part (~0.1-0.2 s): made
        // while MQTT connects instead of after, when the first current state lists the containers
        workers.execute(() -> warmUp(docker));
        endpoint.serve(new ContainerUpdateAgent(config.settings(), docker, journal, journal, endpoint.outbox(), clock,
                AgentRuntime::sleep, workers));
        bus.start();
        endpoint.start(bus::awaitConnected);
        LOG.log(System.Logger.Level.INFO, "container update agent for domain " + config.settings().domain()
                + " on " + config.dockerHost() + " (API " + config.apiVersion() + "), broker " + config.broker().url()
                + ", journal " + journal.path() + ", " + config.settings().parallelOperations()
                + " runtime operations at a time");
        return new AgentRuntime(journal, bus, docker, workers);
    }

    /** The threads of DOWNLOAD's and ACTIVATE's parallel runtime calls; made when first needed, then kept. */
    private static ExecutorService workers(int count) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(count, task -> {
            Thread thread = new Thread(task, "containers-worker-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void warmUp(DockerContainerRuntime docker) {
        try {
            docker.list();
        } catch (ContainerRuntimeException e) {
            // the current state's own listing reports it
            LOG.log(System.Logger.Level.DEBUG, "container runtime not reachable yet: " + e.getMessage());
        }
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
        workers.shutdown();
        docker.close();
        journal.close();
    }
}

package org.vehicleupdate.selfupdate.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vehicleupdate.kit.agent.AgentEndpoint;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.selfupdate.core.AgentSettings;
import org.vehicleupdate.selfupdate.core.SelfUpdateAgent;
import org.vehicleupdate.selfupdate.download.FileBundleDigest;
import org.vehicleupdate.selfupdate.download.FreeSpace;
import org.vehicleupdate.selfupdate.download.HttpBundleDownloader;
import org.vehicleupdate.selfupdate.rauc.ReconnectingRauc;
import org.vehicleupdate.selfupdate.store.SelfUpdateJournal;
import org.vehicleupdate.selfupdate.system.FileBootIdentity;

/**
 * The agent with its adapters, built from the configuration; plain Java, so that the Quarkus bean and a test
 * that runs the agent as its own process share it. The protocol on MQTT is service-kit's {@link AgentEndpoint}.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

    private final SelfUpdateJournal journal;
    private final PahoMessageBus bus;
    private final ReconnectingRauc rauc;
    private final ExecutorService downloads;
    private final SelfUpdateAgent agent;
    private final AgentEndpoint endpoint;

    private AgentRuntime(AgentConfig config) {
        // first: a journal the agent does not understand stops the start before anything else is opened
        journal = new SelfUpdateJournal(config.dataDirectory());
        Clock clock = Clock.systemUTC();
        rauc = new ReconnectingRauc(config.dbusAddress(), config.installTimeout());
        HttpBundleDownloader downloader = new HttpBundleDownloader(
                HttpBundleDownloader.client(config.caFile(), Duration.ofSeconds(30)), FreeSpace.ofFileStore(),
                config.stallTimeout(), config.downloadAttempts(), Duration.ofSeconds(1));
        bus = PahoMessageBus.create(config.broker());
        downloads = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "self-update-download");
            thread.setDaemon(true);
            return thread;
        });
        endpoint = new AgentEndpoint(bus, new MessageReader(), clock, SelfUpdateAgent.DOMAIN);
        agent = new SelfUpdateAgent(new AgentSettings(config.dataDirectory(), config.allowedSchemes(),
                config.progressInterval(), config.agentVersion(), config.installTimeout()), rauc, downloader,
                new FileBundleDigest(), journal, endpoint.outbox(), new FileBootIdentity(config.bootIdFile()), clock,
                downloads);
        endpoint.serve(agent);
    }

    /**
     * Connects and resumes the journaled activity meanwhile; messages wait until the journal is read.
     *
     * @throws JournalFormatException when the journal is not fully understood: the agent does not start
     */
    public static AgentRuntime start(AgentConfig config) {
        AgentRuntime runtime = new AgentRuntime(config);
        runtime.bus.start();
        runtime.endpoint.start(runtime.bus::awaitConnected);
        LOG.log(System.Logger.Level.INFO, "self-update agent started: broker " + config.broker().url()
                + ", journal " + runtime.journal.path() + ", D-Bus " + config.dbusAddress().orElse("(system bus)"));
        return runtime;
    }

    public SelfUpdateAgent agent() {
        return agent;
    }

    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return bus.awaitConnected(timeout);
    }

    @Override
    public void close() {
        downloads.shutdownNow();
        bus.close();
        rauc.close();
        journal.close();
    }
}

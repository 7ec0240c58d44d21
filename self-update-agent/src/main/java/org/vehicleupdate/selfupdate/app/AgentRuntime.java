package org.vehicleupdate.selfupdate.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vehicleupdate.kit.agent.AgentChannel;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.selfupdate.core.AgentSettings;
import org.vehicleupdate.selfupdate.core.SelfUpdateAgent;
import org.vehicleupdate.selfupdate.download.FreeSpace;
import org.vehicleupdate.selfupdate.download.HttpBundleDownloader;
import org.vehicleupdate.selfupdate.mqtt.AgentSubscriptions;
import org.vehicleupdate.selfupdate.mqtt.ChannelFeedbackSink;
import org.vehicleupdate.selfupdate.rauc.ReconnectingRauc;
import org.vehicleupdate.selfupdate.system.FileBootIdentity;
import org.vehicleupdate.selfupdate.store.JournalActivityStore;

/**
 * The agent with its adapters, built from the configuration; plain Java, so that the Quarkus bean and a test
 * that runs the agent as its own process share it.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());

    private final PahoMessageBus bus;
    private final ReconnectingRauc rauc;
    private final SelfUpdateAgent agent;
    private final Thread starter;
    private final ExecutorService downloads;

    private AgentRuntime(AgentConfig config) {
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
        AgentChannel channel = new AgentChannel(new WireBus(bus, new MessageReader(), clock), SelfUpdateAgent.DOMAIN);
        agent = new SelfUpdateAgent(new AgentSettings(config.dataDirectory(), config.allowedSchemes(),
                config.progressInterval(), config.agentVersion(), config.installTimeout()), rauc, downloader,
                new JournalActivityStore(config.dataDirectory()), new ChannelFeedbackSink(channel),
                new FileBootIdentity(config.bootIdFile()), clock, downloads);
        AgentSubscriptions.register(channel, agent);
        // the journal may hold a download or an install to carry on with: that must not hold up the start
        starter = new Thread(agent::start, "self-update-start");
    }

    public static AgentRuntime start(AgentConfig config) {
        AgentRuntime runtime = new AgentRuntime(config);
        runtime.bus.start();
        runtime.starter.start();
        LOG.log(System.Logger.Level.INFO, "self-update agent started: broker " + config.broker().url()
                + ", data " + config.dataDirectory() + ", D-Bus " + config.dbusAddress().orElse("(system bus)"));
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
    }
}

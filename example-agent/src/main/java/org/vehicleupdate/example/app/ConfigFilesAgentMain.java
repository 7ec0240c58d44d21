package org.vehicleupdate.example.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.vehicleupdate.example.core.ConfigFilesAgent;
import org.vehicleupdate.example.files.DirectoryConfigStore;
import org.vehicleupdate.example.store.ConfigJournal;
import org.vehicleupdate.kit.agent.AgentEndpoint;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.journal.JournalRefusal;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.messages.validation.MessageReader;

/**
 * The agent as a program: the core with its file and journal adapters on MQTT. Configured by system properties
 * ({@code mqtt.*} as every service, {@code configfiles.root}, default {@code /var/lib/config-files}).
 */
public final class ConfigFilesAgentMain implements AutoCloseable {
    private final ConfigJournal journal;
    private final PahoMessageBus bus;

    private ConfigFilesAgentMain(ConfigJournal journal, PahoMessageBus bus) {
        this.journal = journal;
        this.bus = bus;
    }

    /**
     * Starts the agent: the endpoint holds the messages until the journal is read, then publishes the first
     * inventory once connected.
     *
     * @throws JournalFormatException when the journal is not fully understood
     */
    public static ConfigFilesAgentMain start(Function<String, Optional<String>> config) {
        Path root = Path.of(config.apply("configfiles.root").orElse("/var/lib/config-files"));
        ConfigJournal journal = new ConfigJournal(root.resolve("config-files-agent.journal"));
        PahoMessageBus bus = PahoMessageBus.create(BrokerProperties.read(config, "config-files-agent"));
        AgentEndpoint endpoint = new AgentEndpoint(bus, new MessageReader(), Clock.systemUTC(),
                ConfigFilesAgent.DOMAIN);
        endpoint.serve(new ConfigFilesAgent(new DirectoryConfigStore(root), journal, endpoint.outbox()));
        bus.start();
        endpoint.start(bus::awaitConnected);
        return new ConfigFilesAgentMain(journal, bus);
    }

    public static void main(String[] args) throws InterruptedException {
        ConfigFilesAgentMain agent;
        try {
            agent = start(key -> Optional.ofNullable(System.getProperty(key)));
        } catch (JournalFormatException e) {
            System.getLogger(ConfigFilesAgentMain.class.getName()).log(System.Logger.Level.ERROR,
                    JournalRefusal.line("config-files-agent", e));
            System.exit(JournalRefusal.EXIT_CODE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
        new CountDownLatch(1).await();
    }

    @Override
    public void close() {
        bus.close();
        journal.close();
    }
}

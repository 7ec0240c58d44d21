package org.vehicleupdate.updatemanager.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.kit.mqtt.PahoMessageBus;
import org.vehicleupdate.kit.wire.WireBus;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.updatemanager.core.InventoryCollector;
import org.vehicleupdate.updatemanager.core.ManagerInbox;
import org.vehicleupdate.updatemanager.core.ManagerOutbox;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.core.Orchestrator;
import org.vehicleupdate.updatemanager.core.Rebooter;
import org.vehicleupdate.kit.mqtt.GatedBus;
import org.vehicleupdate.kit.mqtt.WriteAheadBus;
import org.vehicleupdate.updatemanager.mqtt.ManagerSubscriptions;
import org.vehicleupdate.updatemanager.mqtt.MqttManagerOutbox;
import org.vehicleupdate.updatemanager.mqtt.TrustSubscriptions;
import org.vehicleupdate.updatemanager.store.ManagerJournal;
import org.vehicleupdate.updatemanager.store.RootJournal;
import org.vehicleupdate.updatemanager.system.BootId;
import org.vehicleupdate.updatemanager.system.ExecutorTimers;
import org.vehicleupdate.updatemanager.things.DittoEnvelopes;
import org.vehicleupdate.updatemanager.things.FeatureValues;
import org.vehicleupdate.updatemanager.things.ThingsInbox;
import org.vehicleupdate.updatemanager.things.ThingsManagerOutbox;
import org.vehicleupdate.updatemanager.things.UpdateManagerFeature;
import org.vehicleupdate.updatemanager.trust.DesiredStateGate;
import org.vehicleupdate.updatemanager.trust.TrustGate;
import org.vehicleupdate.updatemanager.trust.TrustSettings;

/**
 * One running update-manager: the core with its MQTT, journal, timer and reboot adapters. Plain Java, so that
 * tests start, stop and "kill" instances on one data directory; the Quarkus bean only builds the options.
 */
public final class ManagerRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ManagerRuntime.class.getName());

    private final PahoMessageBus bus;
    private final GatedBus gate;
    private final ExecutorTimers timers;
    private final ManagerInbox inbox;
    private final ManagerJournal journal;
    private final Optional<ThingsInbox> things;

    /**
     * What a runtime needs.
     *
     * @param thingsEnabled Kanto's things mode: the manager is the {@code UpdateManager} feature of the thing the
     *                      cloud connector names, instead of listening on {@code <domain>update/...}
     */
    public record Options(ManagerSettings settings, BrokerSettings broker, Path dataDirectory, Rebooter rebooter,
            int maxMessageBytes, String version, TrustSettings trust, boolean thingsEnabled) {
        public Options {
            Objects.requireNonNull(trust, "trust");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(rebooter, "rebooter");
            Objects.requireNonNull(version, "version");
        }

        /** The plain MQTT mode without trust settings ({@code trust.mode=off}). */
        public Options(ManagerSettings settings, BrokerSettings broker, Path dataDirectory, Rebooter rebooter,
                int maxMessageBytes, String version) {
            this(settings, broker, dataDirectory, rebooter, maxMessageBytes, version, TrustSettings.off(), false);
        }

        /** The plain MQTT mode. */
        public Options(ManagerSettings settings, BrokerSettings broker, Path dataDirectory, Rebooter rebooter,
                int maxMessageBytes, String version, TrustSettings trust) {
            this(settings, broker, dataDirectory, rebooter, maxMessageBytes, version, trust, false);
        }

        /** Without trust settings ({@code trust.mode=off}). */
        public Options(ManagerSettings settings, BrokerSettings broker, Path dataDirectory, Rebooter rebooter,
                int maxMessageBytes, String version, boolean thingsEnabled) {
            this(settings, broker, dataDirectory, rebooter, maxMessageBytes, version, TrustSettings.off(),
                    thingsEnabled);
        }
    }

    private ManagerRuntime(Options options, ManagerJournal journal) {
        Clock clock = Clock.systemUTC();
        this.journal = journal;
        this.bus = PahoMessageBus.create(options.broker());
        this.gate = new GatedBus(bus);
        // outside the gate: what the start publishes while a message waits at the gate goes out at once
        WriteAheadBus durable = new WriteAheadBus(gate, journal);
        this.timers = new ExecutorTimers();
        MessageReader reader = new MessageReader(options.maxMessageBytes());
        WireBus wire = new WireBus(durable, reader, clock);
        ManagerOutbox outbox = new MqttManagerOutbox(wire, options.settings().domain());
        Optional<UpdateManagerFeature> feature = Optional.empty();
        if (options.thingsEnabled()) {
            feature = Optional.of(new UpdateManagerFeature(durable, new DittoEnvelopes(), options.settings().domain(),
                    clock));
            outbox = new ThingsManagerOutbox(outbox, feature.get());
        }
        InventoryCollector inventory = new InventoryCollector(options.settings(), options.version(), outbox, timers,
                clock);
        // the reboot notice and whatever else was published goes out before the vehicle reboots
        Rebooter rebooter = activityId -> {
            durable.flush();
            options.rebooter().reboot(activityId);
        };
        Orchestrator orchestrator = new Orchestrator(options.settings(), outbox, journal, timers, rebooter, clock,
                BootId::current, inventory);
        this.inbox = new ManagerInbox(orchestrator, inventory, options.maxMessageBytes());
        Optional<TrustGate> trust = TrustGate.of(options.trust(), journal,
                new RootJournal(options.dataDirectory()), clock);
        DesiredStateGate door = trust.<DesiredStateGate>map(g -> g).orElse(DesiredStateGate.open());
        TrustSubscriptions.register(durable, options.settings().domain(), reader.maxBytes(), trust, outbox);
        if (feature.isPresent()) {
            ThingsInbox things = new ThingsInbox(durable, feature.get(), new FeatureValues(reader), door, inbox,
                    options.maxMessageBytes(), clock);
            things.subscribe();
            ManagerSubscriptions.registerAgents(wire, options.settings(), inbox);
            this.things = Optional.of(things);
        } else {
            ManagerSubscriptions.register(durable, reader, wire, options.settings(), inbox, door);
            this.things = Optional.empty();
        }
    }

    /** Connects, resumes what the journal holds, publishes the inventory and then takes messages. */
    public static ManagerRuntime start(Options options) {
        requireWritable(options.dataDirectory());
        ManagerRuntime runtime = new ManagerRuntime(options, openJournal(options.dataDirectory()));
        runtime.bus.start();
        try {
            Duration wait = options.broker().connectTimeout();
            if (!runtime.bus.awaitConnected(wait)) {
                LOG.log(System.Logger.Level.WARNING, "not connected to " + options.broker().url() + " after "
                        + wait.toSeconds() + "s; still trying, messages are buffered meanwhile");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            runtime.inbox.start("initial-current-state-" + System.currentTimeMillis());
        } catch (JournalFormatException e) {
            runtime.close();
            throw cannotResume(runtime.journal, e);
        }
        runtime.gate.open();
        runtime.things.ifPresent(ThingsInbox::requestEdgeConfiguration);
        LOG.log(System.Logger.Level.INFO, "update-manager for domain " + options.settings().domain() + " started"
                + (options.thingsEnabled() ? " in things mode" : ""));
        return runtime;
    }

    /**
     * A journal the manager does not fully understand (written by a newer version, damaged) is never half
     * resumed: the manager refuses to start, naming the file, the problem and the remedy.
     */
    private static ManagerJournal openJournal(Path directory) {
        ManagerJournal journal = new ManagerJournal(directory);
        try {
            return journal.open();
        } catch (JournalFormatException e) {
            throw cannotResume(journal, e);
        } catch (UncheckedIOException e) {
            throw new CannotStartException("the update-manager cannot open its journal " + journal.path() + ": "
                    + e.getCause().getMessage());
        }
    }

    private static CannotStartException cannotResume(ManagerJournal journal, JournalFormatException e) {
        // the kit names the file too; once is enough
        String problem = e.getMessage().replace("journal " + journal.path() + " ", "");
        return new CannotStartException("the update-manager cannot resume from its journal " + journal.path() + ": "
                + problem + ". Start the version that wrote it, or clear the journals with"
                + " deploy/reset-journals.sh (the update in progress is then forgotten)");
    }

    /** Why the manager does not start, in one line for the operator. */
    public static final class CannotStartException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CannotStartException(String message) {
            super(message);
        }
    }

    /** Without its journal the manager cannot keep its promises: refuse to start, saying why. */
    private static void requireWritable(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CannotStartException("data directory " + directory + " cannot be created (" + e
                    + "); set um.data-dir (UM_DATA_DIR) to a writable directory");
        }
        if (!Files.isWritable(directory)) {
            throw new CannotStartException("data directory " + directory
                    + " is not writable; set um.data-dir (UM_DATA_DIR) to a writable directory");
        }
    }

    public ManagerInbox inbox() {
        return inbox;
    }

    /** Stops as a crash would: nothing more is handled or sent, the journal stays as it is. */
    public void halt() {
        gate.halt();
        journal.halt();
        timers.close();
        bus.close();
    }

    @Override
    public void close() {
        timers.close();
        bus.close();
        journal.close();
    }
}

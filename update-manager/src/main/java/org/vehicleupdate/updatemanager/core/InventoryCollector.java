package org.vehicleupdate.updatemanager.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.HardwareNode;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

/**
 * The vehicle's inventory: the manager's own node linked to each agent's graph. It asks every agent at once,
 * waits for each up to its read timeout, and uses the last inventory known of an agent that does not answer.
 * Inventories that agents report on their own are debounced before they are published.
 */
public final class InventoryCollector {
    private static final System.Logger LOG = System.getLogger(InventoryCollector.class.getName());

    private final String rootId;
    private final String version;
    private final Map<String, AgentSettings> agents;
    private final ManagerOutbox outbox;
    private final Timers timers;
    private final Duration currentStateDelay;
    private final Map<String, Inventory> known = new HashMap<>();
    private final Map<String, Long> knownAt = new HashMap<>();
    private final Map<String, Collection> collections = new HashMap<>();
    private Timers.Timer debounce;

    public InventoryCollector(ManagerSettings settings, String version, ManagerOutbox outbox, Timers timers) {
        this.rootId = settings.domain() + "-update-manager";
        this.version = version;
        this.agents = settings.agents();
        this.outbox = outbox;
        this.timers = timers;
        this.currentStateDelay = settings.currentStateDelay();
    }

    /** Asks every agent for its inventory and publishes the whole with this activityId once all answered. */
    public synchronized void collect(String activityId) {
        if (collections.containsKey(activityId)) {
            return;
        }
        Collection collection = new Collection(activityId, new LinkedHashSet<>(agents.keySet()));
        collections.put(activityId, collection);
        if (collection.waitingFor.isEmpty()) {
            finish(collection);
            return;
        }
        for (AgentSettings agent : agents.values()) {
            collection.timers.add(timers.schedule(agent.readTimeout(), () -> readTimedOut(activityId, agent)));
            outbox.requestCurrentState(agent.name(), activityId);
        }
    }

    /** An agent's inventory, as an answer to a request or on its own. */
    public synchronized void onCurrentState(String domain, String activityId, long timestamp, Inventory inventory) {
        if (!agents.containsKey(domain)) {
            return;
        }
        Long previous = knownAt.get(domain);
        if (previous != null && timestamp < previous) {
            LOG.log(System.Logger.Level.INFO, "current state of " + domain + " from " + timestamp
                    + " is older than the one known; ignored");
            return;
        }
        known.put(domain, inventory);
        knownAt.put(domain, timestamp);
        Collection collection = collections.get(activityId);
        if (collection != null && collection.waitingFor.remove(domain)) {
            if (collection.waitingFor.isEmpty()) {
                finish(collection);
            }
        } else if (activityId.isEmpty()) {
            publishDebounced();
        }
    }

    /** The last inventory known of an agent. */
    public synchronized Optional<Inventory> known(String domain) {
        return Optional.ofNullable(known.get(domain));
    }

    /** The merged inventory from what is known now. */
    public synchronized Inventory merged() {
        List<HardwareNode> hardware = new ArrayList<>();
        List<SoftwareNode> software = new ArrayList<>();
        List<Association> associations = new ArrayList<>();
        software.add(new SoftwareNode(rootId, version, "Update Manager", List.of(), SoftwareType.APPLICATION));
        for (String domain : agents.keySet()) {
            Inventory inventory = known.get(domain);
            if (inventory == null) {
                continue;
            }
            hardware.addAll(inventory.hardwareNodes());
            software.addAll(inventory.softwareNodes());
            if (inventory.softwareNodes().isEmpty()) {
                continue;
            }
            SoftwareNode domainRoot = inventory.softwareNodes().stream()
                    .filter(n -> n.type() == SoftwareType.APPLICATION
                            && n.parameters().contains(new KeyValue("domain", domain)))
                    .findFirst().orElse(inventory.softwareNodes().get(0));
            associations.add(new Association(rootId, domainRoot.id()));
            associations.addAll(inventory.associations());
        }
        return new Inventory(hardware, software, associations);
    }

    private void readTimedOut(String activityId, AgentSettings agent) {
        synchronized (this) {
            Collection collection = collections.get(activityId);
            if (collection == null || !collection.waitingFor.remove(agent.name())) {
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] agent " + agent.name()
                    + " did not send its current state within " + agent.readTimeout() + "; using the last one known");
            if (collection.waitingFor.isEmpty()) {
                finish(collection);
            }
        }
    }

    private void finish(Collection collection) {
        collections.remove(collection.activityId);
        collection.timers.forEach(Timers.Timer::cancel);
        if (debounce != null) {
            debounce.cancel();
            debounce = null;
        }
        outbox.publishCurrentState(collection.activityId, merged());
    }

    private void publishDebounced() {
        if (currentStateDelay.isZero() || currentStateDelay.isNegative()) {
            outbox.publishCurrentState("", merged());
            return;
        }
        if (debounce == null) {
            debounce = timers.schedule(currentStateDelay, this::debounceElapsed);
        }
    }

    private synchronized void debounceElapsed() {
        debounce = null;
        outbox.publishCurrentState("", merged());
    }

    private static final class Collection {
        final String activityId;
        final Set<String> waitingFor;
        final List<Timers.Timer> timers = new ArrayList<>();

        Collection(String activityId, Set<String> waitingFor) {
            this.activityId = activityId;
            this.waitingFor = waitingFor;
        }
    }
}

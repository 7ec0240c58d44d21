package org.vehicleupdate.updatemanager.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * The vehicle's inventory: the manager's own node linked to each agent's tree. It asks every agent at once,
 * waits for each up to its read timeout, and uses the last inventory known of an agent that does not answer.
 * Inventories that agents report on their own are debounced before they are published.
 *
 * <p>What it publishes is always a valid tree: each agent's inventory passes {@link InventoryCheck} (the bad
 * parts left out, logged once per agent until they change), and a node id that an earlier agent or the manager
 * already uses is left out too. No single message can pin the inventory: an agent's answer to the manager's
 * own request always counts, and the timestamp of an inventory sent on its own counts no later than the time it
 * arrived, so one from the future does not outrank later ones.
 */
public final class InventoryCollector {
    private static final System.Logger LOG = System.getLogger(InventoryCollector.class.getName());

    private final String rootId;
    private final String version;
    private final Map<String, AgentSettings> agents;
    private final ManagerOutbox outbox;
    private final Timers timers;
    private final Clock clock;
    private final Duration currentStateDelay;
    private final Map<String, Inventory> known = new HashMap<>();
    private final Map<String, Long> knownAt = new HashMap<>();
    private final Map<String, String> problemsLogged = new HashMap<>();
    private final Map<String, Collection> collections = new HashMap<>();
    /** The activityIds the manager asked with lately: an answer to them is no agent announcing itself. */
    private final Set<String> askedWith = new LinkedHashSet<>();
    private Timers.Timer debounce;

    public InventoryCollector(ManagerSettings settings, String version, ManagerOutbox outbox, Timers timers,
            Clock clock) {
        this.rootId = settings.domain() + "-update-manager";
        this.version = version;
        this.agents = settings.agents();
        this.outbox = outbox;
        this.timers = timers;
        this.clock = clock;
        this.currentStateDelay = settings.currentStateDelay();
    }

    /** Asks every agent for its inventory and publishes the whole with this activityId once all answered. */
    public synchronized void collect(String activityId) {
        if (collections.containsKey(activityId)) {
            return;
        }
        Collection collection = new Collection(activityId, new LinkedHashSet<>(agents.keySet()));
        collections.put(activityId, collection);
        askedWith.add(activityId);
        if (askedWith.size() > 32) {
            askedWith.remove(askedWith.iterator().next());
        }
        if (collection.waitingFor.isEmpty()) {
            finish(collection);
            return;
        }
        for (AgentSettings agent : agents.values()) {
            collection.timers.add(timers.schedule(agent.readTimeout(), () -> readTimedOut(activityId, agent)));
            outbox.requestCurrentState(agent.name(), activityId);
        }
    }

    /** Whether the manager itself asked the agents for their inventory with this activityId (lately). */
    public synchronized boolean askedWith(String activityId) {
        return askedWith.contains(activityId);
    }

    /** An agent's inventory, as an answer to a request or on its own. */
    public synchronized void onCurrentState(String domain, String activityId, long timestamp, Inventory inventory) {
        if (!agents.containsKey(domain)) {
            return;
        }
        Collection collection = collections.get(activityId);
        boolean answer = collection != null && collection.waitingFor.contains(domain);
        long at = Math.min(timestamp, clock.millis());
        Long previous = knownAt.get(domain);
        if (!answer && previous != null && at < previous) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] current state of " + domain + " from "
                    + timestamp + " is older than the one known; ignored");
            return;
        }
        InventoryCheck check = InventoryCheck.of(inventory, id -> ownerOtherThan(domain, id));
        logProblems(domain, activityId, check);
        if (check.kept().isPresent()) {
            known.put(domain, check.kept().get());
            knownAt.put(domain, Math.max(at, previous == null ? at : previous));
        }
        if (answer) {
            collection.waitingFor.remove(domain);
            if (collection.waitingFor.isEmpty()) {
                finish(collection);
            }
        } else if (activityId.isEmpty()) {
            publishDebounced();
        }
    }

    /** The last inventory known of an agent, as it goes into the vehicle's. */
    public synchronized Optional<Inventory> known(String domain) {
        return Optional.ofNullable(known.get(domain));
    }

    /** The merged inventory from what is known now. */
    public synchronized Inventory merged() {
        List<HardwareNode> hardware = new ArrayList<>();
        List<SoftwareNode> software = new ArrayList<>();
        List<Association> associations = new ArrayList<>();
        software.add(new SoftwareNode(rootId, version, "Update Manager", List.of(), SoftwareType.APPLICATION));
        Set<String> taken = new HashSet<>(Set.of(rootId));
        for (String domain : agents.keySet()) {
            Inventory inventory = known.get(domain);
            if (inventory == null) {
                continue;
            }
            Set<String> own = new HashSet<>();
            inventory.hardwareNodes().stream().filter(n -> !taken.contains(n.id())).forEach(n -> {
                hardware.add(n);
                own.add(n.id());
            });
            List<SoftwareNode> nodes = inventory.softwareNodes().stream().filter(n -> !taken.contains(n.id()))
                    .toList();
            nodes.forEach(n -> own.add(n.id()));
            software.addAll(nodes);
            List<Association> links = inventory.associations().stream()
                    .filter(a -> own.contains(a.sourceId()) && own.contains(a.targetId())).toList();
            Set<String> children = new HashSet<>();
            links.forEach(a -> children.add(a.targetId()));
            nodes.stream().filter(n -> !children.contains(n.id())).filter(n -> n.type() == SoftwareType.APPLICATION
                    && n.parameters().contains(new KeyValue("domain", domain))).findFirst()
                    .or(() -> nodes.stream().filter(n -> !children.contains(n.id())).findFirst())
                    .ifPresent(root -> associations.add(new Association(rootId, root.id())));
            associations.addAll(links);
            taken.addAll(own);
        }
        return new Inventory(hardware, software, associations);
    }

    /** Nodes named {@code <domain>:...} belong to that domain's agent; the manager's own node to the manager. */
    private Optional<String> ownerOtherThan(String domain, String id) {
        if (id.equals(rootId)) {
            return Optional.of("the update-manager");
        }
        return agents.keySet().stream().filter(d -> !d.equals(domain) && id.startsWith(d + ":")).findFirst()
                .map(d -> "domain " + d);
    }

    private void logProblems(String domain, String activityId, InventoryCheck check) {
        String problems = check.summary();
        String before = problemsLogged.getOrDefault(domain, "");
        if (problems.equals(before)) {
            return;
        }
        if (problems.isEmpty()) {
            problemsLogged.remove(domain);
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] current state of " + domain + " is valid again");
        } else {
            problemsLogged.put(domain, problems);
            LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] current state of " + domain + ": " + problems
                    + (check.kept().isPresent() ? "; those parts are left out of the vehicle's"
                            : "; ignored, the last one known stays"));
        }
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

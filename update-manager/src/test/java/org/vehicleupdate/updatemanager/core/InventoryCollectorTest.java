package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.updatemanager.testing.LogCapture;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

class InventoryCollectorTest {
    private final ManualTimers time = new ManualTimers();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final InventoryCollector collector =
            new InventoryCollector(ManagerSettings.defaults(), "0.1.0", outbox, time, time);

    private static Inventory agent(String domain, String version) {
        String root = domain + "-agent";
        return new Inventory(List.of(), List.of(
                new SoftwareNode(domain + ":thing", version, "", List.of(), SoftwareType.CONTAINER),
                new SoftwareNode(root, "1", "", List.of(new KeyValue("domain", domain)), SoftwareType.APPLICATION)),
                List.of(new Association(root, domain + ":thing")));
    }

    @Test
    void mergesEveryAgentUnderTheManagersRootNode() {
        collector.collect("get-1");
        assertThat(outbox.southbound).containsExactly("containers currentstate/get", "self-update currentstate/get");
        collector.onCurrentState("containers", "get-1", 1, agent("containers", "1"));
        assertThat(outbox.currentStates).isEmpty();
        collector.onCurrentState("self-update", "get-1", 1, agent("self-update", "7"));
        assertThat(outbox.currentStateActivities).containsExactly("get-1");
        Inventory merged = outbox.currentStates.get(0);
        assertThat(merged.softwareNodes().get(0).id()).isEqualTo("vehicle-update-manager");
        assertThat(merged.associations()).extracting(a -> a.sourceId() + "->" + a.targetId()).containsExactly(
                "vehicle-update-manager->containers-agent", "containers-agent->containers:thing",
                "vehicle-update-manager->self-update-agent", "self-update-agent->self-update:thing");
    }

    @Test
    void silentAgentIsRepresentedByItsLastKnownInventory() {
        collector.onCurrentState("self-update", "", 5, agent("self-update", "7"));
        collector.collect("get-2");
        collector.onCurrentState("containers", "get-2", 6, agent("containers", "1"));
        time.advance(Duration.ofMinutes(1));
        assertThat(outbox.currentStateActivities).contains("get-2");
        assertThat(outbox.currentStates.get(outbox.currentStates.size() - 1).softwareNodes())
                .extracting(SoftwareNode::id).contains("self-update:thing");
    }

    @Test
    void changesReportedByAnAgentAreDebounced() {
        collector.onCurrentState("containers", "", 1, agent("containers", "1"));
        collector.onCurrentState("containers", "", 2, agent("containers", "2"));
        assertThat(outbox.currentStates).isEmpty();
        time.advance(Duration.ofSeconds(30));
        assertThat(outbox.currentStates).hasSize(1);
        assertThat(outbox.currentStates.get(0).softwareNodes()).extracting(SoftwareNode::version).contains("2");
    }

    @Test
    void olderInventoryThanTheKnownOneIsIgnored() {
        collector.onCurrentState("containers", "", 10, agent("containers", "new"));
        collector.onCurrentState("containers", "", 5, agent("containers", "old"));
        assertThat(collector.merged().softwareNodes()).extracting(SoftwareNode::version).contains("new")
                .doesNotContain("old");
    }

    @Test
    void aForgedInventoryFromTheFutureDoesNotPinTheVehiclesInventory() {
        // the probe's message: empty activityId, timestamp 9999999999999, a forged node
        Inventory forged = new Inventory(List.of(), List.of(
                new SoftwareNode("containers-agent", "1", "", List.of(new KeyValue("domain", "containers")),
                        SoftwareType.APPLICATION),
                new SoftwareNode("containers:evil", "6.6.6", "", List.of(), SoftwareType.CONTAINER)),
                List.of(new Association("containers-agent", "containers:evil")));
        collector.onCurrentState("containers", "", 9_999_999_999_999L, forged);
        collector.onCurrentState("containers", "someone-elses-id", 9_999_999_999_999L, forged);

        collector.collect("get-after");
        long realClock = time.millis() - 1_000;
        collector.onCurrentState("containers", "get-after", realClock, agent("containers", "1"));
        collector.onCurrentState("self-update", "get-after", realClock, agent("self-update", "7"));

        assertThat(outbox.currentStateActivities).containsExactly("get-after");
        assertThat(outbox.currentStates.get(0).softwareNodes()).extracting(SoftwareNode::id)
                .contains("containers:thing").doesNotContain("containers:evil");
        collector.onCurrentState("containers", "", time.millis() + 1, agent("containers", "2"));
        assertThat(collector.merged().softwareNodes()).extracting(SoftwareNode::version).contains("2");
    }

    @Test
    void badInventoriesAreLoggedOncePerAgentAndTheVehiclesInventoryStaysAValidTree() {
        Inventory cycle = new Inventory(List.of(), List.of(
                new SoftwareNode("containers-agent", "1", "", List.of(new KeyValue("domain", "containers")),
                        SoftwareType.APPLICATION),
                new SoftwareNode("containers:a", "1", "", List.of(), SoftwareType.CONTAINER),
                new SoftwareNode("containers:a", "1", "", List.of(), SoftwareType.CONTAINER),
                // a node of the other agent's and the manager's own: another agent's ids are not taken over
                new SoftwareNode("self-update:thing", "6.6.6", "", List.of(), SoftwareType.CONTAINER),
                new SoftwareNode("vehicle-update-manager", "6.6.6", "", List.of(), SoftwareType.APPLICATION)),
                List.of(new Association("containers-agent", "containers:a"),
                        new Association("containers:a", "containers-agent"),
                        new Association("containers:a", "nowhere")));
        try (LogCapture log = LogCapture.of(InventoryCollector.class)) {
            collector.onCurrentState("self-update", "", 1, agent("self-update", "7"));
            collector.onCurrentState("containers", "", 2, cycle);
            collector.onCurrentState("containers", "", 3, cycle);
            collector.onCurrentState("containers", "", 4, new Inventory(List.of(), List.of(), List.of()));
            collector.onCurrentState("containers", "", 5, new Inventory(List.of(), List.of(), List.of()));

            assertThat(log.lines()).containsExactly(
                    "WARNING [] current state of containers: node 'containers:a' appears 2 times; the first is kept;"
                            + " node 'self-update:thing' belongs to domain self-update; node 'vehicle-update-manager'"
                            + " belongs to the update-manager; association containers:a -> containers-agent closes a"
                            + " cycle; association containers:a -> nowhere names an unknown node 'nowhere'; those parts"
                            + " are left out of the vehicle's",
                    "WARNING [] current state of containers: it has no nodes; ignored, the last one known stays");
        }
        Inventory merged = collector.merged();
        assertValidTree(merged);
        assertThat(merged.softwareNodes()).extracting(n -> n.id() + "@" + n.version()).contains("containers:a@1",
                "self-update:thing@7").doesNotContain("self-update:thing@6.6.6", "vehicle-update-manager@6.6.6");
    }

    /** Every id once, every association between known nodes, one parent at most, no cycle. */
    static void assertValidTree(Inventory inventory) {
        List<String> ids = new java.util.ArrayList<>();
        inventory.hardwareNodes().forEach(n -> ids.add(n.id()));
        inventory.softwareNodes().forEach(n -> ids.add(n.id()));
        assertThat(ids).doesNotHaveDuplicates();
        java.util.Map<String, String> parent = new java.util.HashMap<>();
        for (Association a : inventory.associations()) {
            assertThat(ids).contains(a.sourceId(), a.targetId());
            assertThat(parent.put(a.targetId(), a.sourceId())).as(a.targetId() + " has one parent").isNull();
        }
        for (String id : ids) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String at = id; at != null; at = parent.get(at)) {
                assertThat(seen.add(at)).as("no cycle through " + id).isTrue();
            }
        }
    }
}

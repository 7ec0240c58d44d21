package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

class InventoryCollectorTest {
    private final ManualTimers time = new ManualTimers();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final InventoryCollector collector =
            new InventoryCollector(ManagerSettings.defaults(), "0.1.0", outbox, time);

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
}

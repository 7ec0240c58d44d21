package org.vehicleupdate.updatemanager.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.updatemanager.store.ManagerJournal;

/** One update-manager core with fake agents, fake time and a real journal file in a temporary directory. */
final class Harness {
    final ManualTimers time;
    final RecordingOutbox outbox = new RecordingOutbox();
    final FakeAgents agents = new FakeAgents();
    final Path dataDir;
    final ManagerSettings settings;
    int reboots;
    String rebootFailure;
    String bootId = "boot-1";
    final Orchestrator orchestrator;
    final InventoryCollector inventory;

    Harness(Path dataDir, ManagerSettings settings) {
        this(dataDir, settings, new ManualTimers());
    }

    Harness(Path dataDir, ManagerSettings settings, ManualTimers time) {
        this.dataDir = dataDir;
        this.settings = settings;
        this.time = time;
        this.inventory = new InventoryCollector(settings, "0.1.0", outbox, time, time);
        ManagerJournal journal = new ManagerJournal(dataDir);
        // as the runtime's WriteAheadBus does: synced before each message goes out, told after it went
        outbox.journal = journal;
        this.orchestrator = new Orchestrator(settings, outbox, journal, time, activityId -> {
            reboots++;
            if (rebootFailure != null) {
                throw new Rebooter.RebootFailedException(rebootFailure);
            }
        }, time, () -> bootId, inventory);
        outbox.agents = agents;
        agents.orchestrator = orchestrator;
        agents.inventory = inventory;
    }

    /** A second manager on the same data directory, as after a restart; the agents keep their scripts. */
    Harness restarted() {
        return restarted(settings);
    }

    Harness restarted(ManagerSettings newSettings) {
        Harness next = new Harness(dataDir, newSettings, time);
        next.bootId = bootId;
        return next;
    }

    static ManagerSettings settings() {
        return ManagerSettings.defaults();
    }

    static ManagerSettings settings(FailurePolicy policy, Set<Command> consent) {
        ManagerSettings d = ManagerSettings.defaults();
        return new ManagerSettings(d.domain(), d.agents(), d.rebootEnabled(), d.rebootAfter(),
                d.reportFeedbackInterval(), d.currentStateDelay(), d.phaseTimeout(), consent,
                d.ownerConsentTimeout(), policy, d.recentActivities());
    }

    static ManagerSettings noReboot(ManagerSettings s) {
        Map<String, AgentSettings> agents = new LinkedHashMap<>();
        s.agents().forEach((k, v) -> agents.put(k, new AgentSettings(k, false, v.readTimeout())));
        return s.withAgents(agents);
    }

    static ManagerSettings rebootDisabled(ManagerSettings d) {
        return new ManagerSettings(d.domain(), d.agents(), false, d.rebootAfter(),
                d.reportFeedbackInterval(), d.currentStateDelay(), d.phaseTimeout(), d.ownerConsentCommands(),
                d.ownerConsentTimeout(), d.failurePolicy(), d.recentActivities());
    }

    static DesiredState desired(String... domains) {
        return new DesiredState(List.of(), java.util.Arrays.stream(domains)
                .map(d -> new Domain(d, List.of(), List.of(new Component("app", "2.0", List.of()))))
                .toList());
    }

    void apply(String activityId, DesiredState state) {
        orchestrator.onDesiredState(activityId, state);
        agents.deliver();
    }

    static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }
}

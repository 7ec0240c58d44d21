package org.vehicleupdate.updatemanager.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vehicleupdate.messages.Command;

/**
 * How the update-manager behaves; Kanto's configuration keys plus the ones this implementation adds.
 *
 * @param domain                 the manager's own domain: {@code vehicle} gives the {@code vehicleupdate/...} topics
 * @param agents                 by domain name, in the order they were configured
 * @param reportFeedbackInterval RUNNING feedback at most once per interval; zero or less: never
 * @param currentStateDelay      debounce of current states an agent reports on its own; zero: at once
 * @param ownerConsentCommands   phases that need the owner's consent (DOWNLOAD, UPDATE, ACTIVATE)
 * @param recentActivities       how many finished activities are remembered to answer repeated desired states
 */
public record ManagerSettings(String domain, Map<String, AgentSettings> agents, boolean rebootEnabled,
        Duration rebootAfter, Duration reportFeedbackInterval, Duration currentStateDelay, Duration phaseTimeout,
        Set<Command> ownerConsentCommands, Duration ownerConsentTimeout, FailurePolicy failurePolicy,
        int recentActivities) {

    public ManagerSettings {
        Objects.requireNonNull(domain, "domain");
        agents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(agents));
        Objects.requireNonNull(rebootAfter, "rebootAfter");
        Objects.requireNonNull(reportFeedbackInterval, "reportFeedbackInterval");
        Objects.requireNonNull(currentStateDelay, "currentStateDelay");
        Objects.requireNonNull(phaseTimeout, "phaseTimeout");
        ownerConsentCommands = Set.copyOf(ownerConsentCommands);
        Objects.requireNonNull(ownerConsentTimeout, "ownerConsentTimeout");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        for (Command command : ownerConsentCommands) {
            if (command != Command.DOWNLOAD && command != Command.UPDATE && command != Command.ACTIVATE) {
                throw new IllegalArgumentException("ownerConsentCommands: only DOWNLOAD, UPDATE and ACTIVATE can"
                        + " need consent, not " + command);
            }
        }
    }

    /** Leda's setup: domain vehicle, containers without and self-update with reboot, Kanto's timings. */
    public static ManagerSettings defaults() {
        Map<String, AgentSettings> agents = new LinkedHashMap<>();
        agents.put("containers", new AgentSettings("containers", false, Duration.ofMinutes(1)));
        agents.put("self-update", new AgentSettings("self-update", true, Duration.ofMinutes(1)));
        return new ManagerSettings("vehicle", agents, true, Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(30), Duration.ofMinutes(10), Set.of(), Duration.ofMinutes(30),
                FailurePolicy.ROLLBACK_ALL, 20);
    }

    public ManagerSettings withAgents(Map<String, AgentSettings> newAgents) {
        return new ManagerSettings(domain, newAgents, rebootEnabled, rebootAfter, reportFeedbackInterval,
                currentStateDelay, phaseTimeout, ownerConsentCommands, ownerConsentTimeout, failurePolicy,
                recentActivities);
    }
}

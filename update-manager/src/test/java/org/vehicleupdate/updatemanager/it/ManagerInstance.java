package org.vehicleupdate.updatemanager.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;
import org.vehicleupdate.updatemanager.core.AgentSettings;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.core.Rebooter;

/** Settings and start of a real update-manager runtime for the integration tests. */
final class ManagerInstance {
    private ManagerInstance() {
    }

    static ManagerSettings settings(boolean selfUpdateReboots, FailurePolicy policy) {
        Map<String, AgentSettings> agents = new LinkedHashMap<>();
        agents.put("containers", new AgentSettings("containers", false, Duration.ofSeconds(2)));
        agents.put("self-update", new AgentSettings("self-update", selfUpdateReboots, Duration.ofSeconds(2)));
        return new ManagerSettings("vehicle", agents, true, Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofMillis(200), Duration.ofSeconds(20), Set.of(), Duration.ofMinutes(1), policy, 20);
    }

    static ManagerRuntime start(String brokerUrl, String clientId, Path dataDir, ManagerSettings settings,
            Rebooter rebooter) {
        return ManagerRuntime.start(new ManagerRuntime.Options(settings, BrokerSettings.plain(brokerUrl, clientId),
                dataDir, rebooter, MessageReader.DEFAULT_MAX_BYTES, "0.1.0"));
    }
}

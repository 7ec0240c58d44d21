package org.vehicleupdate.selfupdate.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Starts the agent with the application's configuration and stops it with the application. */
@ApplicationScoped
public class SelfUpdateAgentService {
    private static final Logger LOG = Logger.getLogger(SelfUpdateAgentService.class);

    private AgentRuntime runtime;

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        AgentConfig agentConfig = AgentConfig.read(key -> config.getOptionalValue(key, String.class));
        runtime = AgentRuntime.start(agentConfig);
        LOG.infof("self-update agent running (domain self-update, data %s)", agentConfig.dataDirectory());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (runtime != null) {
            runtime.close();
        }
    }
}

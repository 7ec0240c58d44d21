package org.vehicleupdate.selfupdate.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.journal.JournalRefusal;

/** Starts the agent with the application's configuration and stops it with the application. */
@ApplicationScoped
public class SelfUpdateAgentService {
    private static final Logger LOG = Logger.getLogger(SelfUpdateAgentService.class);

    private AgentRuntime runtime;

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        AgentConfig agentConfig = AgentConfig.read(key -> config.getOptionalValue(key, String.class));
        try {
            runtime = AgentRuntime.start(agentConfig);
        } catch (JournalFormatException e) {
            LOG.error(JournalRefusal.line("self-update-agent", e));
            Quarkus.asyncExit(JournalRefusal.EXIT_CODE);
            return;
        }
        LOG.infof("self-update agent running (domain self-update, data %s)", agentConfig.dataDirectory());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (runtime != null) {
            runtime.close();
        }
    }
}

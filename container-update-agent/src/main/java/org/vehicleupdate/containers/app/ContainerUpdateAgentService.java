package org.vehicleupdate.containers.app;

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

/** Starts the agent with the application's configuration when Quarkus starts, and stops it with Quarkus. */
@ApplicationScoped
public class ContainerUpdateAgentService {
    private static final Logger LOG = Logger.getLogger(ContainerUpdateAgentService.class);
    private AgentRuntime runtime;

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        AgentConfig agentConfig = AgentConfig.read(key -> config.getOptionalValue(key, String.class), System::getenv);
        try {
            runtime = AgentRuntime.start(agentConfig);
        } catch (JournalFormatException e) {
            LOG.error(JournalRefusal.line("container-update-agent", e));
            Quarkus.asyncExit(JournalRefusal.EXIT_CODE);
            return;
        }
        LOG.infof("container-update-agent started, journal %s", agentConfig.journal());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (runtime != null) {
            runtime.close();
        }
    }
}

package org.vehicleupdate.updatemanager.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/** Starts the update-manager with the configuration: SmallRye properties, or Kanto's file via --cfg-file. */
@Startup
@ApplicationScoped
public class UpdateManagerService {
    private static final Logger LOG = Logger.getLogger(UpdateManagerService.class);

    @Inject
    Config config;

    @Inject
    @CommandLineArguments
    String[] args;

    private ManagerRuntime runtime;

    @PostConstruct
    void start() {
        ManagerRuntime.Options options = ManagerOptions.read(key -> config.getOptionalValue(key, String.class), args);
        try {
            runtime = ManagerRuntime.start(options);
        } catch (ManagerRuntime.CannotStartException e) {
            // one line that says what is wrong and what to do; a stack trace would bury it
            LOG.error(e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    @PreDestroy
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }
}

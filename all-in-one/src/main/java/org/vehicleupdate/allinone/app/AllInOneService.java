package org.vehicleupdate.allinone.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The single layout: the self-update agent, the container update agent and the update-manager in this one process,
 * each from its own configuration ({@link ServiceConfig}), stopped with the process.
 */
@Startup
@ApplicationScoped
public class AllInOneService {
    private static final Logger LOG = Logger.getLogger(AllInOneService.class);

    @Inject
    Config config;

    @Inject
    @CommandLineArguments
    String[] args;

    private Assembly assembly;
    private final List<HostedService> services = new ArrayList<>();

    @PostConstruct
    void start() {
        Function<String, Optional<String>> process = key -> config.getOptionalValue(key, String.class);
        if (ServiceConfig.processWideClientId(process)) {
            LOG.warn("mqtt.client-id (MQTT_CLIENT_ID) set for the whole process is not used: each service connects"
                    + " with its own (<service>.mqtt.client-id, its configuration file, or its name)");
        }
        String version = process.apply("quarkus.application.version").orElse("0.1.0");
        try {
            for (String name : Services.NAMES) {
                services.add(prepare(name, process, version));
            }
            assembly = Assembly.start(services);
        } catch (StartFailure e) {
            // one line that says which service and why; a stack trace would bury it
            LOG.error(e.getMessage());
            Quarkus.asyncExit(e.exitCode());
            return;
        }
        LOG.infof("running %s in one process", String.join(", ", Services.NAMES));
    }

    private HostedService prepare(String name, Function<String, Optional<String>> process, String version)
            throws StartFailure {
        try {
            // what the service's own application.properties gives in a process of its own
            ServiceConfig service = ServiceConfig.of(name, process, Map.of("quarkus.application.version", version,
                    "selfupdate.agent-version", version));
            LOG.infof("%s: configuration from %s", name, service.source());
            return switch (name) {
                case Services.UPDATE_MANAGER -> Services.updateManager(service, args);
                case Services.SELF_UPDATE_AGENT -> Services.selfUpdateAgent(service);
                case Services.CONTAINER_UPDATE_AGENT -> Services.containerUpdateAgent(service);
                default -> throw new IllegalArgumentException("no service " + name);
            };
        } catch (IllegalArgumentException e) {
            throw new StartFailure(name + " does not start: " + e.getMessage(), 1);
        }
    }

    /** The services as configured, in the order they start: for the tests' view of the client ids. */
    public List<HostedService> services() {
        return List.copyOf(services);
    }

    @PreDestroy
    void stop() {
        if (assembly != null) {
            assembly.close();
        }
    }
}

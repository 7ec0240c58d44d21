package org.vehicleupdate.allinone.app;

import java.util.List;
import org.vehicleupdate.updatemanager.app.ManagerOptions;
import org.vehicleupdate.updatemanager.app.ManagerRuntime;

/**
 * The three services, each built by its own module's code from its own configuration, exactly as its Quarkus
 * bean builds it in a process of its own: the update-manager by {@link ManagerOptions} and {@link ManagerRuntime},
 * the agents by their {@code AgentConfig} and {@code AgentRuntime}.
 */
final class Services {
    static final String UPDATE_MANAGER = "update-manager";
    static final String SELF_UPDATE_AGENT = "self-update-agent";
    static final String CONTAINER_UPDATE_AGENT = "container-update-agent";
    static final List<String> NAMES = List.of(SELF_UPDATE_AGENT, CONTAINER_UPDATE_AGENT, UPDATE_MANAGER);

    private Services() {
    }

    /** @param args the process's command line: the update-manager's Kanto flags (--cfg-file, --things-enabled) */
    static HostedService updateManager(ServiceConfig config, String[] args) {
        ManagerRuntime.Options options = ManagerOptions.read(config::get, args);
        return new HostedService(UPDATE_MANAGER, options.broker(), () -> ManagerRuntime.start(options)::close);
    }

    static HostedService selfUpdateAgent(ServiceConfig config) {
        var agent = org.vehicleupdate.selfupdate.app.AgentConfig.read(config::get);
        return new HostedService(SELF_UPDATE_AGENT, agent.broker(),
                () -> org.vehicleupdate.selfupdate.app.AgentRuntime.start(agent)::close);
    }

    /** DOCKER_HOST is the environment's, as for the agent in a process of its own (containers.docker-host wins). */
    static HostedService containerUpdateAgent(ServiceConfig config) {
        var agent = org.vehicleupdate.containers.app.AgentConfig.read(config::get, System::getenv);
        return new HostedService(CONTAINER_UPDATE_AGENT, agent.broker(),
                () -> org.vehicleupdate.containers.app.AgentRuntime.start(agent)::close);
    }
}

package org.vehicleupdate.updatemanager.app;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.updatemanager.system.CommandRebooter;

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
        Optional<Path> cfgFile = cfgFileArgument().or(() -> config.getOptionalValue("um.cfg-file", String.class))
                .filter(s -> !s.isBlank()).map(Path::of);
        cfgFile.ifPresent(f -> LOG.infof("reading Kanto configuration file %s", f));
        ConfigLoader loader = new ConfigLoader(key -> config.getOptionalValue(key, String.class), cfgFile);
        ManagerRuntime.Options options = new ManagerRuntime.Options(loader.settings(),
                BrokerProperties.read(loader::get, "update-manager"), loader.dataDirectory(),
                new CommandRebooter(loader.rebootCommand(), Duration.ofMinutes(5)), loader.maxMessageBytes(),
                config.getOptionalValue("quarkus.application.version", String.class).orElse("0.1.0"),
                loader.trustSettings(), ConfigLoader.thingsEnabledFlag(args).orElseGet(loader::thingsEnabled));
        LOG.infof("settings: %s; data directory %s; broker %s; %s; things mode %s", options.settings(),
                options.dataDirectory(), options.broker().url(), options.trust(),
                options.thingsEnabled() ? "on" : "off");
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

    private Optional<String> cfgFileArgument() {
        if (args == null) {
            return Optional.empty();
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--cfg-file") || arg.equals("-cfg-file") || arg.equals("--config-file")
                    || arg.equals("-config-file")) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (arg.startsWith("--cfg-file=") || arg.startsWith("--config-file=")) {
                return Optional.of(arg.substring(arg.indexOf('=') + 1));
            }
        }
        return Optional.empty();
    }
}

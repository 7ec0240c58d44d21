package org.vehicleupdate.updatemanager.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.updatemanager.system.CommandRebooter;

/**
 * The manager's start options from its configuration and command line: the one place that turns keys and Kanto's
 * file into {@link ManagerRuntime.Options}, for this module's Quarkus bean and for an assembly that runs the
 * manager beside the agents in one process (all-in-one), each with its own configuration.
 */
public final class ManagerOptions {
    private static final System.Logger LOG = System.getLogger(ManagerOptions.class.getName());

    private ManagerOptions() {
    }

    /**
     * @param config a property by its key (SmallRye Config: system properties, environment, properties files)
     * @param args   the command line: Kanto's {@code --cfg-file FILE} and {@code --things-enabled}
     * @throws IllegalArgumentException naming the key or file whose value is wrong
     */
    public static ManagerRuntime.Options read(Function<String, Optional<String>> config, String[] args) {
        Optional<Path> cfgFile = cfgFileArgument(args).or(() -> config.apply("um.cfg-file"))
                .filter(s -> !s.isBlank()).map(Path::of);
        cfgFile.ifPresent(f -> LOG.log(System.Logger.Level.INFO, "reading Kanto configuration file " + f));
        ConfigLoader loader = new ConfigLoader(config, cfgFile);
        ManagerRuntime.Options options = new ManagerRuntime.Options(loader.settings(),
                BrokerProperties.read(loader::get, "update-manager"), loader.dataDirectory(),
                new CommandRebooter(loader.rebootCommand(), Duration.ofMinutes(5)), loader.maxMessageBytes(),
                config.apply("quarkus.application.version").orElse("0.1.0"),
                loader.trustSettings(), ConfigLoader.thingsEnabledFlag(args).orElseGet(loader::thingsEnabled));
        LOG.log(System.Logger.Level.INFO, "settings: " + options.settings() + "; data directory "
                + options.dataDirectory() + "; broker " + options.broker().url() + "; " + options.trust()
                + "; things mode " + (options.thingsEnabled() ? "on" : "off"));
        return options;
    }

    /** Kanto's flag, Go style: {@code --cfg-file FILE}, {@code -cfg-file FILE}, {@code --cfg-file=FILE}. */
    static Optional<String> cfgFileArgument(String[] args) {
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

package org.vehicleupdate.allinone.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * One service's configuration in the shared process, so that each reads what it reads in a process of its own:
 * a key is looked up as {@code <service>.<key>} in the process's configuration (system properties, environment,
 * e.g. {@code UPDATE_MANAGER_MQTT_URL}), then as {@code <key>} there ({@code MQTT_URL}, {@code UM_DATA_DIR}: what
 * the separate layout's environment says), then in the service's own properties file (the same file the separate
 * layout passes with {@code -Dquarkus.config.locations}: {@code <service>.config-file}, by default
 * {@code /etc/vehicle-update/<service>.properties} when it exists), then in the built-in defaults.
 *
 * <p>The one exception is {@code mqtt.client-id}: set for the whole process it would name three clients the same,
 * and each would throw the others off the broker; it is taken from {@code <service>.mqtt.client-id}, the
 * service's file, or the service's name, as in the separate layout.
 */
public final class ServiceConfig {
    /** The value of {@code <service>.config-file} that means "no file": built-in defaults and environment. */
    public static final String NO_FILE = "none";
    static final String CLIENT_ID = "mqtt.client-id";

    private final String service;
    private final Function<String, Optional<String>> process;
    private final Optional<Path> file;
    private final Properties fileProperties;
    private final Map<String, String> defaults;

    private ServiceConfig(String service, Function<String, Optional<String>> process, Optional<Path> file,
            Properties fileProperties, Map<String, String> defaults) {
        this.service = service;
        this.process = process;
        this.file = file;
        this.fileProperties = fileProperties;
        this.defaults = Map.copyOf(defaults);
    }

    /**
     * @param service  the service's name, the prefix of its keys in the process's configuration
     * @param process  a key of the process's configuration (SmallRye Config: system properties, environment, ...)
     * @param defaults what the service's own application.properties would give
     * @throws IllegalArgumentException when {@code <service>.config-file} names a file that cannot be read (without
     *                                  it, {@code /etc/vehicle-update/<service>.properties} is read if it exists)
     */
    public static ServiceConfig of(String service, Function<String, Optional<String>> process,
            Map<String, String> defaults) {
        Optional<String> given = process.apply(service + ".config-file").map(String::strip).filter(s -> !s.isEmpty());
        Path installed = Path.of("/etc/vehicle-update/" + service + ".properties");
        // the installed file when there is one; a file named explicitly must be there
        if (given.map(NO_FILE::equals).orElse(!Files.exists(installed))) {
            return new ServiceConfig(service, process, Optional.empty(), new Properties(), defaults);
        }
        Path path = given.map(Path::of).orElse(installed);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read its configuration file " + path + " (" + e
                    + "); set " + service + ".config-file to its file, or to '" + NO_FILE + "'", e);
        }
        return new ServiceConfig(service, process, Optional.of(path), properties, defaults);
    }

    /** The value of a key for this service; a blank value counts as unset, as in SmallRye Config. */
    public Optional<String> get(String key) {
        Optional<String> value = process.apply(service + "." + key);
        if (value.isEmpty() && !key.equals(CLIENT_ID)) {
            value = process.apply(key);
        }
        return value.or(() -> Optional.ofNullable(fileProperties.getProperty(key)))
                .or(() -> Optional.ofNullable(defaults.get(key)))
                .filter(v -> !v.isBlank());
    }

    public String service() {
        return service;
    }

    /** Where the service's properties come from, for the start's log line. */
    public String source() {
        return file.map(Path::toString).orElse("no configuration file");
    }

    /** Whether the process's configuration sets a client id for every service (which is not used). */
    static boolean processWideClientId(Function<String, Optional<String>> process) {
        return process.apply(CLIENT_ID).filter(v -> !v.isBlank()).isPresent();
    }

    @Override
    public String toString() {
        return service + " (" + source() + ")";
    }
}

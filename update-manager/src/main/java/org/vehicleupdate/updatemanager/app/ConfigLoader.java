package org.vehicleupdate.updatemanager.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.updatemanager.core.AgentSettings;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.trust.TrustMode;
import org.vehicleupdate.updatemanager.trust.TrustSettings;

/**
 * The manager's settings from its property keys. Each key is looked up in SmallRye Config first (system
 * properties, environment, application.properties), then in Kanto's JSON file if one is given, then the
 * built-in default applies. Durations are Go durations; an invalid one falls back to the default with a log
 * line, as Kanto does.
 */
public final class ConfigLoader {
    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());

    private final Function<String, Optional<String>> lookup;
    private final Function<String, Optional<String>> config;

    /**
     * @param config  a property from SmallRye Config
     * @param cfgFile Kanto's JSON configuration file, if any
     */
    public ConfigLoader(Function<String, Optional<String>> config, Optional<Path> cfgFile) {
        Map<String, String> file = cfgFile.map(path -> {
            KantoConfigFile kanto = KantoConfigFile.read(path);
            kanto.notes().forEach(n -> LOG.log(System.Logger.Level.INFO, path + ": " + n));
            return kanto.properties();
        }).orElse(Map.of());
        this.config = config;
        this.lookup = key -> config.apply(key).filter(v -> !v.isBlank() || file.get(key) == null)
                .or(() -> Optional.ofNullable(file.get(key)));
    }

    public Optional<String> get(String key) {
        return lookup.apply(key);
    }

    public ManagerSettings settings() {
        ManagerSettings d = ManagerSettings.defaults();
        Map<String, AgentSettings> agents = new LinkedHashMap<>();
        String names = get("um.agents").orElse(String.join(",", d.agents().keySet()));
        for (String name : names.split(",")) {
            String agent = name.trim();
            if (agent.isEmpty()) {
                continue;
            }
            AgentSettings fallback = d.agents().getOrDefault(agent,
                    new AgentSettings(agent, false, Duration.ofMinutes(1)));
            String prefix = "um.agents." + agent;
            agents.put(agent, new AgentSettings(agent,
                    bool(prefix + ".reboot-required", fallback.rebootRequired()),
                    duration(prefix + ".read-timeout", fallback.readTimeout(), fallback.readTimeout())));
        }
        Set<Command> consent = EnumSet.noneOf(Command.class);
        get("um.owner-consent-commands").ifPresent(list -> Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .forEach(s -> consent.add(Command.valueOf(s.toUpperCase(Locale.ROOT)))));
        return new ManagerSettings(
                get("um.domain").filter(s -> !s.isBlank()).orElse(d.domain()),
                agents,
                bool("um.reboot-enabled", d.rebootEnabled()),
                duration("um.reboot-after", d.rebootAfter(), d.rebootAfter()),
                duration("um.report-feedback-interval", d.reportFeedbackInterval(), Duration.ZERO),
                duration("um.current-state-delay", d.currentStateDelay(), Duration.ZERO),
                duration("um.phase-timeout", d.phaseTimeout(), d.phaseTimeout()),
                consent,
                duration("um.owner-consent-timeout", d.ownerConsentTimeout(), d.ownerConsentTimeout()),
                get("um.failure-policy").map(FailurePolicy::parse).orElse(d.failurePolicy()),
                get("um.recent-activities").map(Integer::parseInt).orElse(d.recentActivities()));
    }

    /**
     * Kanto's things mode: {@code um.things-enabled} (UM_THINGS_ENABLED), then Kanto's own variable
     * THINGS_ENABLED, then {@code thingsEnabled} in Kanto's file; off unless one says true.
     */
    public boolean thingsEnabled() {
        return config.apply("um.things-enabled").filter(v -> !v.isBlank())
                .or(() -> config.apply("things-enabled").filter(v -> !v.isBlank()))
                .or(() -> get("um.things-enabled"))
                .map(v -> Boolean.parseBoolean(v.trim())).orElse(false);
    }

    /**
     * Kanto's {@code --things-enabled} flag, Go style ({@code -things-enabled}, {@code --things-enabled=false});
     * given, it wins over every other setting.
     */
    public static Optional<Boolean> thingsEnabledFlag(String[] args) {
        Optional<Boolean> value = Optional.empty();
        for (String arg : args == null ? new String[0] : args) {
            String flag = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-") ? arg.substring(1) : "";
            if (flag.equals("things-enabled")) {
                value = Optional.of(true);
            } else if (flag.startsWith("things-enabled=")) {
                value = Optional.of(Boolean.parseBoolean(flag.substring("things-enabled=".length()).trim()));
            }
        }
        return value;
    }

    public Path dataDirectory() {
        return Path.of(get("um.data-dir").orElse("/var/lib/vehicle-update/update-manager"));
    }

    public String rebootCommand() {
        return get("um.reboot-command").filter(s -> !s.isBlank()).orElse("systemctl reboot");
    }

    /**
     * {@code trust.mode} (off, the built-in default, or enforce; anything else stops the start, since a typo must
     * not switch the check off), {@code trust.root}, and the vehicle's id: {@code trust.vehicle-id}, or else the
     * first line of {@code trust.vehicle-id-file} (default /etc/machine-id).
     */
    public TrustSettings trustSettings() {
        TrustMode mode = get("trust.mode").filter(s -> !s.isBlank()).map(TrustMode::parse).orElse(TrustMode.OFF);
        Path root = get("trust.root").filter(s -> !s.isBlank()).map(Path::of).orElse(TrustSettings.DEFAULT_ROOT);
        String vehicleId = get("trust.vehicle-id").filter(s -> !s.isBlank())
                .orElseGet(() -> firstLine(Path.of(get("trust.vehicle-id-file").filter(s -> !s.isBlank())
                        .orElse(DEFAULT_VEHICLE_ID_FILE))));
        return new TrustSettings(mode, root, vehicleId);
    }

    static final String DEFAULT_VEHICLE_ID_FILE = "/etc/machine-id";

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no vehicle id in " + file + ": " + e);
            return "";
        }
    }

    public int maxMessageBytes() {
        return get("um.max-message-bytes").map(Integer::parseInt).orElse(1024 * 1024);
    }

    private boolean bool(String key, boolean fallback) {
        return get(key).map(v -> Boolean.parseBoolean(v.trim())).orElse(fallback);
    }

    /** Kanto's rule: empty gives {@code empty}, unreadable or negative gives the default. */
    private Duration duration(String key, Duration fallback, Duration empty) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.get().isBlank()) {
            return empty;
        }
        try {
            Duration value = GoDuration.parse(text.get());
            return value.isNegative() ? fallback : value;
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, key + ": " + e.getMessage() + "; using " + GoDuration.format(fallback));
            return fallback;
        }
    }
}

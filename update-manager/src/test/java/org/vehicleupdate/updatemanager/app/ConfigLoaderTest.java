package org.vehicleupdate.updatemanager.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.mqtt.BrokerProperties;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.updatemanager.core.FailurePolicy;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.trust.TrustMode;
import org.vehicleupdate.updatemanager.trust.TrustSettings;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    /** Leda's minimal configuration, verbatim from the documentation. */
    private static final String MINIMAL = """
            {
                "log": {
                  "logFile": "/var/log/update-manager/update-manager.log"
                },
                "domain": "vehicle",
                "agents": {
                    "containers": {
                        "name": "containers",
                        "rebootRequired": false,
                        "readTimeout": "30s"
                    },
                    "self-update": {
                        "name": "self-update",
                        "rebootRequired": true,
                        "readTimeout": "30s"
                    }
                },
                "thingsEnabled": false
            }""";

    /** Leda's full configuration, verbatim from the documentation. */
    private static final String FULL = """
            {
              "log": {
                "logFile": "log/update-manager.log",
                "logLevel": "ERROR",
                "logFileSize": 3,
                "logFileCount": 6,
                "logFileMaxAge": 29
              },
              "connection": {
                "broker":"www",
                "keepAlive": 500,
                "disconnectTimeout": 500,
                "username":"username",
                "password":"pass",
                "connectTimeout": 500,
                "acknowledgeTimeout": 500,
                "subscribeTimeout": 500,
                "unsubscribeTimeout": 500
              },
              "domain": "vehicle",
              "thingsEnabled": false,
              "rebootEnabled": true,
              "rebootAfter": "1m",
              "reportFeedbackInterval": "2m",
              "currentStateDelay": "1m",
              "phaseTimeout": "2m",
              "agents": {
                "self-update": {
                  "rebootRequired": false,
                  "readTimeout": "20s"
                },
                "containers": {
                  "rebootRequired": true,
                  "readTimeout": "30s"
                }
              }
            }""";

    private Path file(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void ledasMinimalConfigurationWorksUnchanged() throws IOException {
        ManagerSettings settings = new ConfigLoader(k -> Optional.empty(), Optional.of(file(MINIMAL))).settings();
        assertThat(settings.domain()).isEqualTo("vehicle");
        assertThat(settings.agents()).containsOnlyKeys("containers", "self-update");
        assertThat(settings.agents().get("self-update").rebootRequired()).isTrue();
        assertThat(settings.agents().get("containers").rebootRequired()).isFalse();
        assertThat(settings.agents().get("containers").readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.phaseTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.ROLLBACK_ALL);
    }

    @Test
    void ledasFullConfigurationWorksUnchanged() throws IOException {
        ConfigLoader loader = new ConfigLoader(k -> Optional.empty(), Optional.of(file(FULL)));
        ManagerSettings settings = loader.settings();
        assertThat(settings.rebootAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.reportFeedbackInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.currentStateDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.phaseTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.agents().keySet()).containsExactly("self-update", "containers");
        assertThat(settings.agents().get("containers").rebootRequired()).isTrue();
        BrokerSettings broker = BrokerProperties.read(loader::get, "update-manager");
        assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(broker.username()).contains("username");
        assertThat(broker.keepAlive()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void environmentWinsOverTheFile() throws IOException {
        Map<String, String> env = Map.of("um.phase-timeout", "45s", "um.failure-policy", "continue",
                "um.owner-consent-commands", "download,update");
        ManagerSettings settings = new ConfigLoader(k -> Optional.ofNullable(env.get(k)), Optional.of(file(FULL)))
                .settings();
        assertThat(settings.phaseTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.CONTINUE);
        assertThat(settings.ownerConsentCommands()).containsExactlyInAnyOrder(Command.DOWNLOAD, Command.UPDATE);
    }

    @Test
    void thingsModeIsOffUnlessKantosKeyOrVariableOrOursSaysOn() throws IOException {
        assertThat(new ConfigLoader(k -> Optional.empty(), Optional.of(file(MINIMAL))).thingsEnabled()).isFalse();
        assertThat(new ConfigLoader(k -> Optional.empty(), Optional.empty()).thingsEnabled()).isFalse();
        Path kantoOn = file(MINIMAL.replace("\"thingsEnabled\": false", "\"thingsEnabled\": true"));
        assertThat(new ConfigLoader(k -> Optional.empty(), Optional.of(kantoOn)).thingsEnabled()).isTrue();
        // THINGS_ENABLED reaches SmallRye as things-enabled; it wins over the file, as in Kanto
        assertThat(new ConfigLoader(k -> k.equals("things-enabled") ? Optional.of("false") : Optional.empty(),
                Optional.of(kantoOn)).thingsEnabled()).isFalse();
        assertThat(new ConfigLoader(k -> k.equals("um.things-enabled") ? Optional.of("true") : Optional.empty(),
                Optional.of(file(MINIMAL))).thingsEnabled()).isTrue();
        assertThat(new ConfigLoader(k -> Optional.of(k.equals("um.things-enabled") ? "true" : "false"),
                Optional.empty()).thingsEnabled()).as("ours before Kanto's variable").isTrue();
    }

    @Test
    void kantosThingsEnabledFlagIsReadAsGoReadsIt() {
        assertThat(ConfigLoader.thingsEnabledFlag(new String[] {"--config-file", "x.json"})).isEmpty();
        assertThat(ConfigLoader.thingsEnabledFlag(new String[] {"-things-enabled"})).contains(true);
        assertThat(ConfigLoader.thingsEnabledFlag(new String[] {"--things-enabled=false"})).contains(false);
        assertThat(ConfigLoader.thingsEnabledFlag(new String[] {"--things-enabled", "--things-enabled=0"}))
                .contains(false);
        assertThat(ConfigLoader.thingsEnabledFlag(null)).isEmpty();
    }

    @Test
    void theShippedPropertiesFileSaysWhatTheDefaultsAre() throws IOException {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("..", "config",
                "update-manager.properties"))) {
            shipped.load(in);
        }
        ConfigLoader fromFile = new ConfigLoader(k -> Optional.ofNullable(shipped.getProperty(k)), Optional.empty());
        ConfigLoader builtIn = new ConfigLoader(k -> Optional.empty(), Optional.empty());

        assertThat(fromFile.settings()).isEqualTo(builtIn.settings());
        // the one deliberate difference: a device enforces signatures, the built-in default is Kanto's behaviour
        assertThat(fromFile.trustSettings().mode()).isEqualTo(TrustMode.ENFORCE);
        assertThat(builtIn.trustSettings().mode()).isEqualTo(TrustMode.OFF);
        assertThat(fromFile.trustSettings().rootFile()).isEqualTo(builtIn.trustSettings().rootFile());
        assertThat(fromFile.trustSettings().vehicleId()).isEqualTo(builtIn.trustSettings().vehicleId());
    }

    @Test
    void theVehicleIdComesFromTheKeyOrElseFromTheFirstLineOfItsFile() throws IOException {
        Path machineId = dir.resolve("machine-id");
        Files.writeString(machineId, "4f1c0ffee\n");
        Map<String, String> fromFile = Map.of("trust.mode", "enforce", "trust.vehicle-id-file", machineId.toString(),
                "trust.root", "/provisioned/root.json");
        TrustSettings trust = new ConfigLoader(k -> Optional.ofNullable(fromFile.get(k)), Optional.empty())
                .trustSettings();
        assertThat(trust).isEqualTo(new TrustSettings(TrustMode.ENFORCE, Path.of("/provisioned/root.json"),
                "4f1c0ffee"));

        Map<String, String> explicit = Map.of("trust.vehicle-id", "VIN123", "trust.vehicle-id-file",
                machineId.toString());
        assertThat(new ConfigLoader(k -> Optional.ofNullable(explicit.get(k)), Optional.empty()).trustSettings()
                .vehicleId()).isEqualTo("VIN123");
    }

    @Test
    void aMistypedTrustModeStopsTheStartInsteadOfSwitchingTheCheckOff() {
        Map<String, String> env = Map.of("trust.mode", "enforced");
        assertThatThrownBy(() -> new ConfigLoader(k -> Optional.ofNullable(env.get(k)), Optional.empty())
                .trustSettings()).hasMessage("trust.mode: expected off or enforce, got 'enforced'");
    }

    @Test
    void defaultsAreLedasSetup() {
        ConfigLoader loader = new ConfigLoader(k -> Optional.empty(), Optional.empty());
        ManagerSettings settings = loader.settings();
        assertThat(settings.domain()).isEqualTo("vehicle");
        assertThat(settings.agents().get("self-update").rebootRequired()).isTrue();
        assertThat(loader.rebootCommand()).isEqualTo("systemctl reboot");
    }

    @Test
    void invalidDurationFallsBackToTheDefaultAndEmptyFeedbackIntervalMeansNever() {
        Map<String, String> env = Map.of("um.phase-timeout", "soon", "um.report-feedback-interval", "");
        ManagerSettings settings = new ConfigLoader(k -> Optional.ofNullable(env.get(k)), Optional.empty()).settings();
        assertThat(settings.phaseTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.reportFeedbackInterval()).isZero();
    }

    @Test
    void brokenFileIsRefusedWithItsName() throws IOException {
        Path broken = file("{\"domain\": ");
        assertThatThrownBy(() -> new ConfigLoader(k -> Optional.empty(), Optional.of(broken)))
                .hasMessageContaining(broken.toString()).hasMessageContaining("not valid JSON");
    }
}

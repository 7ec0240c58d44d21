package org.vehicleupdate.allinone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {
    @TempDir
    Path dir;

    private static Function<String, Optional<String>> process(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void aKeyForTheServiceAloneWinsOverTheProcessWideKeyWhichWinsOverTheServicesFileAndTheDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("update-manager.properties"),
                "mqtt.url=tcp://file:1883\num.domain=from-file\num.phase-timeout=5m\n");
        ServiceConfig config = ServiceConfig.of("update-manager", process(Map.of(
                "update-manager.config-file", file.toString(),
                "update-manager.mqtt.url", "tcp://mine:1883",
                "mqtt.url", "tcp://everyone:1883",
                "um.domain", "from-environment")), Map.of("um.recent-activities", "7", "um.domain", "default"));

        assertThat(config.get("mqtt.url")).contains("tcp://mine:1883");
        assertThat(config.get("um.domain")).contains("from-environment");
        assertThat(config.get("um.phase-timeout")).contains("5m");
        assertThat(config.get("um.recent-activities")).contains("7");
        assertThat(config.get("um.failure-policy")).isEmpty();
        assertThat(config.source()).isEqualTo(file.toString());
    }

    @Test
    void aClientIdSetForTheWholeProcessIsNotUsedSinceItWouldNameEveryServiceTheSame() throws IOException {
        Path file = Files.writeString(dir.resolve("self-update-agent.properties"), "mqtt.client-id=sua-from-file\n");
        Function<String, Optional<String>> process = process(Map.of(
                "mqtt.client-id", "everyone",
                "self-update-agent.config-file", file.toString(),
                "container-update-agent.config-file", ServiceConfig.NO_FILE,
                "update-manager.config-file", ServiceConfig.NO_FILE,
                "update-manager.mqtt.client-id", "um-own"));

        assertThat(ServiceConfig.of("self-update-agent", process, Map.of()).get("mqtt.client-id"))
                .contains("sua-from-file");
        assertThat(ServiceConfig.of("container-update-agent", process, Map.of()).get("mqtt.client-id")).isEmpty();
        assertThat(ServiceConfig.of("update-manager", process, Map.of()).get("mqtt.client-id")).contains("um-own");
        assertThat(ServiceConfig.processWideClientId(process)).isTrue();
    }

    @Test
    void aBlankValueCountsAsUnsetAsInSmallRyeConfig() {
        ServiceConfig config = ServiceConfig.of("container-update-agent", process(Map.of(
                "container-update-agent.config-file", ServiceConfig.NO_FILE, "containers.docker-host", " ")), Map.of());

        assertThat(config.get("containers.docker-host")).isEmpty();
        assertThat(config.source()).isEqualTo("no configuration file");
    }

    @Test
    void aConfigurationFileThatCannotBeReadStopsTheStartNamingTheFileAndTheKey() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ServiceConfig.of("self-update-agent",
                process(Map.of("self-update-agent.config-file", missing.toString())), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("self-update-agent.config-file");
    }

    @Test
    void withoutAFileSettingTheInstalledFileOfTheServicesNameIsReadWhenThereIsOne() {
        ServiceConfig config = ServiceConfig.of("no-such-service", process(Map.of()), Map.of());

        assertThat(config.source()).isEqualTo("no configuration file");
    }
}

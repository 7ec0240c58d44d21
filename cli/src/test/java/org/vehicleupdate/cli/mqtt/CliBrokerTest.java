package org.vehicleupdate.cli.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.mqtt.BrokerSettings;

class CliBrokerTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "MQTT_URL", "ssl://vehicle:8883", "MQTT_CA_FILE", "/etc/ca.pem", "MQTT_USERNAME", "operator",
            "MQTT_CLIENT_ID", "update-manager", "MQTT_CLEAN_SESSION", "false", "MQTT_KEEP_ALIVE", "45s");

    private static BrokerSettings settings(Map<String, String> options) {
        return CliBroker.settings(options, name -> Optional.ofNullable(ENVIRONMENT.get(name)), Duration.ofSeconds(3));
    }

    @Test
    void theEnvironmentConfiguresTheCliAsItConfiguresTheServices() {
        BrokerSettings settings = settings(Map.of());
        assertEquals("ssl://vehicle:8883", settings.url());
        assertEquals(Optional.of(Path.of("/etc/ca.pem")), settings.caFile());
        assertEquals(Optional.of("operator"), settings.username());
        assertEquals(Duration.ofSeconds(45), settings.keepAlive());
        assertEquals(Duration.ofSeconds(3), settings.connectTimeout());
    }

    @Test
    void anOptionWinsOverTheEnvironment() {
        BrokerSettings settings = settings(Map.of("mqtt.url", "tcp://127.0.0.1:1884", "mqtt.username", "alice"));
        assertEquals("tcp://127.0.0.1:1884", settings.url());
        assertEquals(Optional.of("alice"), settings.username());
    }

    @Test
    void theCliNeverTakesAServicesSessionNorKeepsOneOfItsOwn() {
        BrokerSettings first = settings(Map.of());
        BrokerSettings second = settings(Map.of());
        assertTrue(first.clientId().matches("vehicle-update-cli-[0-9a-f]{8}"), first.clientId());
        assertNotEquals(first.clientId(), second.clientId());
        assertTrue(first.cleanSession());
    }

    @Test
    void environmentNamesAreTheServicesOnes() {
        assertEquals("MQTT_CA_FILE", CliBroker.envName("mqtt.ca-file"));
        assertEquals("MQTT_URL", CliBroker.envName("mqtt.url"));
    }
}

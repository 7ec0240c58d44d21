package org.vehicleupdate.kit.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void aSecureUrlWithoutACaIsRefusedAsKantoDoes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.plain("mqtts://broker:8883", "um"));

        assertEquals("connection to mqtts://broker:8883 is secure, but no CA file is configured (caCert)",
                e.getMessage());
    }

    @Test
    void everyTlsSchemeOfKantoIsSentToPahoAsSsl() {
        BrokerSettings settings = new BrokerSettings("tls://broker:8883", "um", Optional.empty(), Optional.empty(),
                Optional.of(Path.of("ca.pem")), Optional.empty(), Optional.empty(), false, Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(15));

        assertEquals("ssl://broker:8883", settings.pahoUrl());
    }

    @Test
    void aClientCertificateWithoutItsKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BrokerSettings("ssl://b:8883", "um", Optional.empty(),
                Optional.empty(), Optional.of(Path.of("ca.pem")), Optional.of(Path.of("c.pem")), Optional.empty(),
                false, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(15)));
    }

    @Test
    void unreadableTlsFilesAreAClearErrorAtCreation() {
        BrokerSettings settings = new BrokerSettings("ssl://127.0.0.1:8883", "um", Optional.empty(), Optional.empty(),
                Optional.of(Path.of("/nonexistent/ca.pem")), Optional.empty(), Optional.empty(), false,
                Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(15));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PahoMessageBus.create(settings));

        assertEquals("cannot use broker ssl://127.0.0.1:8883: TLS files: /nonexistent/ca.pem", e.getMessage());
    }
}

package org.vehicleupdate.updatemanager.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/** An embedded broker, a data directory and Leda's minimal Kanto configuration file, before Quarkus boots. */
public class BrokerResource implements QuarkusTestResourceLifecycleManager {
    static EmbeddedBroker broker;
    static Path rebootMarker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedBroker.start();
        try {
            Path dir = Files.createTempDirectory("um-quarkus-");
            Path cfg = dir.resolve("config.json");
            rebootMarker = dir.resolve("rebooted");
            Files.writeString(cfg, """
                    {"log":{"logFile":"/var/log/update-manager/update-manager.log"},"domain":"vehicle",
                     "agents":{"containers":{"name":"containers","rebootRequired":false,"readTimeout":"30s"},
                               "self-update":{"name":"self-update","rebootRequired":true,"readTimeout":"30s"}},
                     "thingsEnabled":false}""");
            return Map.of("mqtt.url", broker.url(), "um.data-dir", dir.resolve("data").toString(),
                    "um.cfg-file", cfg.toString(), "um.reboot-command", "touch " + rebootMarker, "um.reboot-after", "0s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        broker.close();
    }
}

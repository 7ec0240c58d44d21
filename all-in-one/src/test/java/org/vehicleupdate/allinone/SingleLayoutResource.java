package org.vehicleupdate.allinone;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/**
 * What the single layout runs on: a broker (HiveMQ in the test's JVM), a real RAUC and a real Podman; and the
 * configuration the virtual vehicle gives it: the process-wide keys of the separate layout's environment
 * ({@code mqtt.url}, {@code um.data-dir}, ...) and no configuration files.
 */
public class SingleLayoutResource implements QuarkusTestResourceLifecycleManager {
    static EmbeddedBroker broker;
    static DeviceSims sims;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedBroker.start();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] {"update-manager", "self-update-agent", "container-update-agent"}) {
            config.put(service + ".config-file", "none");
        }
        config.put("mqtt.url", broker.url());
        Path data;
        try {
            data = Files.createTempDirectory("aio-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("um.data-dir", data.resolve("update-manager").toString());
        config.put("um.reboot-enabled", "false");
        config.put("selfupdate.data-dir", data.resolve("self-update-agent").toString());
        config.put("selfupdate.download.allowed-schemes", "http,https");
        config.put("containers.journal", data.resolve("container-update-agent/journal").toString());
        if (DeviceSims.unavailableReason().isEmpty()) {
            sims = DeviceSims.start();
            config.put("selfupdate.dbus-address", sims.dbusAddress);
            config.put("selfupdate.boot-id-file", sims.bootIdFile.toString());
            config.put("containers.docker-host", sims.dockerHost);
        }
        return config;
    }

    @Override
    public void stop() {
        if (sims != null) {
            sims.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}

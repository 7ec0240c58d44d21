package org.vehicleupdate.containers.it;

import java.util.Optional;
import org.vehicleupdate.containers.app.AgentConfig;
import org.vehicleupdate.containers.app.AgentRuntime;

/** The agent in a JVM of its own, configured by system properties, so that a test can kill it with SIGKILL. */
public final class AgentProcessMain {
    private AgentProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentRuntime.start(AgentConfig.read(key -> Optional.ofNullable(System.getProperty(key)), key -> null));
        Thread.currentThread().join();
    }
}

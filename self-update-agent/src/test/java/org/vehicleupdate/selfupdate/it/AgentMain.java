package org.vehicleupdate.selfupdate.it;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.vehicleupdate.selfupdate.app.AgentConfig;
import org.vehicleupdate.selfupdate.app.AgentRuntime;

/** The agent as a process of its own (configured with -D properties), for the tests that kill it. */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentRuntime runtime = AgentRuntime.start(AgentConfig.read(key -> Optional.ofNullable(System.getProperty(key))));
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        new CountDownLatch(1).await();
    }
}

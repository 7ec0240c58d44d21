package org.vehicleupdate.kit.testing;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HiveMQ CE in the test's JVM on a free loopback port, with in-memory persistence and no usage statistics.
 * Start one per test class: stopping takes HiveMQ about four seconds, so {@link #close()} does not wait.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
        try {
            Path base = Files.createTempDirectory("hivemq-");
            Path conf = Files.createDirectories(base.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                      <persistence><mode>in-memory</mode></persistence>
                      <mqtt><queued-messages><max-queue-size>100000</max-queue-size></queued-messages></mqtt>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>""".formatted(port));
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(base.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(base.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EmbeddedBroker start() {
        return startOn(freePort());
    }

    /** Starts on a given port: to bring a broker back where a stopped one was. */
    public static EmbeddedBroker startOn(int port) {
        EmbeddedBroker broker = new EmbeddedBroker(port);
        try {
            // join() hangs forever when HiveMQ fails to start; a bounded wait fails the test instead
            broker.hivemq.start().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("HiveMQ did not start on port " + port, e);
        }
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops and waits until the port is free again. */
    public void stopAndWait() {
        try {
            hivemq.stop().get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("HiveMQ did not stop", e);
        }
    }

    @Override
    public void close() {
        hivemq.stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

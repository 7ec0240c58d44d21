package org.vehicleupdate.systemtests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bundle server outside the vehicle (it outlives a power cut, as a server on the internet does) that sends the
 * first half of the first download and then holds the rest until {@link #release()}: the vehicle is certainly in
 * the middle of a download while it is held. Later downloads get the whole file at once (200, no Range).
 */
final class HeldBundleServer implements AutoCloseable {
    private final Path dir;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicBoolean holdNext = new AtomicBoolean(true);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HeldBundleServer(Path dir) {
        this.dir = dir;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    String url(String file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + file;
    }

    /** Whether a download is held half way. */
    boolean holding() {
        return holding.getCount() == 0;
    }

    void release() {
        released.countDown();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Path file = dir.resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            int half = body.length / 2;
            out.write(body, 0, half);
            out.flush();
            if (holdNext.getAndSet(false)) {
                holding.countDown();
                awaitRelease();
            }
            out.write(body, half, body.length - half);
        } catch (IOException e) {
            // the vehicle's end of the connection died with the power: what a server sees then
            System.out.println("bundle server: " + exchange.getRequestURI() + " ended: " + e.getMessage());
        }
    }

    private void awaitRelease() {
        try {
            released.await(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.vehicleupdate.selfupdate.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves bundles over HTTP with Range support, as a bundle server would. It can break the first response
 * after some bytes: at once (a cut connection) or after the test releases it (a stalled server), and redirect.
 */
final class BundleServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    /** the Range header of every request, "" for none */
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final AtomicLong sentInBrokenResponse = new AtomicLong();
    private volatile long breakAfter = -1;
    private volatile CountDownLatch stall;

    BundleServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String name, Path file) {
        files.put("/" + name, file);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** A URL that answers every request with a 302 to {@code location}. */
    String redirect(String name, String location) {
        redirects.put("/" + name, location);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** The next response ends after {@code bytes}: at once, or when {@link #release} is called if stalled. */
    void breakNextResponseAfter(long bytes, boolean stalled) {
        stall = stalled ? new CountDownLatch(1) : null;
        breakAfter = bytes;
    }

    void release() {
        CountDownLatch latch = stall;
        if (latch != null) {
            latch.countDown();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        Path file = files.get(exchange.getRequestURI().getPath());
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        String location = redirects.get(exchange.getRequestURI().getPath());
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            long start = 0;
            Matcher matcher = range == null ? null : RANGE.matcher(range);
            if (matcher != null && matcher.matches()) {
                start = Long.parseLong(matcher.group(1));
                if (start >= size) {
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (size - 1) + "/" + size);
                exchange.sendResponseHeaders(206, size - start);
            } else {
                exchange.sendResponseHeaders(200, size);
            }
            long limit = breakAfter;
            breakAfter = -1;
            in.seek(start);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[64 * 1024];
            long sent = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (limit >= 0 && sent + read > limit) {
                    out.write(buffer, 0, (int) (limit - sent));
                    out.flush();
                    sentInBrokenResponse.set(limit);
                    CountDownLatch latch = stall;
                    if (latch != null) {
                        awaitQuietly(latch);
                    }
                    // ends the connection in the middle of the body
                    exchange.close();
                    return;
                }
                out.write(buffer, 0, read);
                sent += read;
            }
            out.close();
        } catch (IOException e) {
            // the client went away (the agent was killed): nothing to serve any more
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
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

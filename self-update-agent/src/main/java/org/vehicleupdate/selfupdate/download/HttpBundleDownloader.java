package org.vehicleupdate.selfupdate.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vehicleupdate.selfupdate.core.BundleDownloader;
import org.vehicleupdate.selfupdate.core.DownloadException;

/**
 * Downloads a bundle over HTTP(S) into {@code <target>.part}, renamed to the target when complete and on disk.
 * An interrupted download (connection cut, stalled server, the agent killed) goes on where it stopped with a
 * Range request; a server that ignores the Range gets the whole file again. Before the body is read, the
 * free space of the directory is checked against what is still to come.
 *
 * <p>The body goes straight from the socket into a large buffer and from there into the file. While it comes in,
 * a second thread flushes what is written so far to the disk every {@value #WRITE_BACK_BYTES} bytes, so that the
 * one flush that makes the complete bundle durable has little left to write: the disk works while the network
 * does, instead of after it.
 */
public final class HttpBundleDownloader implements BundleDownloader {
    private static final System.Logger LOG = System.getLogger(HttpBundleDownloader.class.getName());
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final int BUFFER = 1024 * 1024;
    private static final long WRITE_BACK_BYTES = 16L * 1024 * 1024;
    /** As the JDK's HttpClient: five redirects at most. */
    private static final int MAX_REDIRECTS = 5;

    private final HttpConnections connections;
    private final FreeSpace freeSpace;
    private final Duration stallTimeout;
    private final int attempts;
    private final Duration retryDelay;
    private final ExecutorService writeBack = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "download-write-back");
        thread.setDaemon(true);
        return thread;
    });

    public HttpBundleDownloader(HttpConnections connections, FreeSpace freeSpace, Duration stallTimeout, int attempts,
            Duration retryDelay) {
        this.connections = connections;
        this.freeSpace = freeSpace;
        this.stallTimeout = stallTimeout;
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
    }

    /**
     * Connections that trust the CA file if one is given, otherwise the JDK's default trust store.
     *
     * @throws IllegalArgumentException when the CA file cannot be used
     */
    public static HttpConnections client(Optional<Path> caFile, Duration connectTimeout) {
        return HttpConnections.of(caFile, connectTimeout);
    }

    public static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    @Override
    public long download(URI source, Path target, Progress progress, BooleanSupplier stop)
            throws DownloadException {
        try {
            if (Files.isRegularFile(target)) {
                long size = Files.size(target);
                progress.progress(size, size);
                return size;
            }
        } catch (IOException e) {
            throw new DownloadException("cannot read " + target + ": " + e.getMessage(), e);
        }
        Path part = partial(target);
        String lastReason = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (stop.getAsBoolean()) {
                throw new DownloadException("stopped");
            }
            try {
                long size = fetch(source, part, progress, stop);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return size;
            } catch (Retryable e) {
                lastReason = e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "download of " + source + ", attempt " + attempt + " of "
                        + attempts + ": " + lastReason + (attempt < attempts ? "; resuming" : ""));
                if (attempt < attempts) {
                    pause(retryDelay.multipliedBy(attempt));
                }
            } catch (IOException e) {
                throw new DownloadException("cannot write " + part + ": " + e.getMessage(), e);
            }
        }
        throw new DownloadException(lastReason + " (gave up after " + attempts + " attempts)");
    }

    @Override
    public void discard(Path target) {
        for (Path file : new Path[] {target, partial(target)}) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
            }
        }
    }

    private long fetch(URI source, Path part, Progress progress, BooleanSupplier stop)
            throws Retryable, DownloadException, IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpURLConnection response = request(source, have);
        try {
            long total;
            boolean append;
            switch (response.getResponseCode()) {
                case 200 -> {
                    if (have > 0) {
                        LOG.log(System.Logger.Level.INFO, "server ignored the Range request; downloading "
                                + source + " from the start");
                    }
                    have = 0;
                    total = response.getContentLengthLong();
                    append = false;
                }
                case 206 -> {
                    Matcher range = CONTENT_RANGE.matcher(header(response, "Content-Range"));
                    if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                        Files.deleteIfExists(part);
                        throw new Retryable("server answered the Range request from byte " + have
                                + " with an unusable Content-Range; starting again");
                    }
                    total = "*".equals(range.group(3)) ? -1 : Long.parseLong(range.group(3));
                    append = true;
                }
                case 416 -> {
                    Matcher range = UNSATISFIED_RANGE.matcher(header(response, "Content-Range"));
                    if (range.matches() && Long.parseLong(range.group(1)) == have) {
                        progress.progress(have, have);
                        return have;
                    }
                    Files.deleteIfExists(part);
                    throw new Retryable("server refused to resume at byte " + have + "; starting again");
                }
                default -> {
                    String reason = "HTTP " + response.getResponseCode() + " from " + source;
                    if (response.getResponseCode() >= 500) {
                        throw new Retryable(reason);
                    }
                    throw new DownloadException(reason);
                }
            }
            checkFreeSpace(part, total, have);
            InputStream body;
            try {
                body = response.getInputStream();
            } catch (IOException e) {
                throw new Retryable("connection broken: " + describe(e));
            }
            // what copy() throws as an IOException is the file's: the body's read errors are Retryable
            return copy(body, part, append, have, total, progress, stop);
        } finally {
            // closes the socket: a stopped or broken body is not read to its end to reuse the connection
            response.disconnect();
        }
    }

    /**
     * Sends the GET, following redirects as the JDK's HttpClient does by default (NORMAL: never from HTTPS to
     * HTTP), each with the Range header.
     */
    private HttpURLConnection request(URI source, long have) throws Retryable, DownloadException {
        URI uri = source;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection;
            int status;
            try {
                connection = connections.open(uri, stallTimeout);
                if (have > 0) {
                    connection.setRequestProperty("Range", "bytes=" + have + "-");
                }
                status = connection.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new Retryable("no answer for " + seconds(stallTimeout) + " from " + uri);
            } catch (IOException | IllegalArgumentException e) {
                throw new Retryable("cannot reach " + uri + ": " + describe(e));
            }
            String location = connection.getHeaderField("Location");
            if (!isRedirect(status) || location == null) {
                return connection;
            }
            connection.disconnect();
            URI next = uri.resolve(location.trim());
            if (redirects == MAX_REDIRECTS) {
                throw new DownloadException("more than " + MAX_REDIRECTS + " redirects from " + source);
            }
            if ("https".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                throw new DownloadException("redirect from " + uri + " to " + next + " refused: HTTPS to "
                        + next.getScheme());
            }
            uri = next;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String header(HttpURLConnection response, String name) {
        String value = response.getHeaderField(name);
        return value == null ? "" : value;
    }

    private void checkFreeSpace(Path part, long total, long have) throws DownloadException {
        if (total < 0) {
            return;
        }
        Path directory = part.toAbsolutePath().getParent();
        long needed = total - have;
        long usable;
        try {
            usable = freeSpace.usableBytes(directory);
        } catch (IOException e) {
            throw new DownloadException("cannot read the free space of " + directory + ": " + e.getMessage(), e);
        }
        if (usable < needed) {
            throw new DownloadException(String.format(Locale.ROOT,
                    "not enough free space in %s: the bundle needs %.1f MiB more, only %.1f MiB are free",
                    directory, needed / 1048576.0, usable / 1048576.0));
        }
    }

    private long copy(InputStream body, Path part, boolean append, long start, long total, Progress progress,
            BooleanSupplier stop) throws Retryable, DownloadException, IOException {
        long have = start;
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            WriteBack flushed = new WriteBack(file);
            try {
                progress.progress(have, total);
                byte[] buffer = new byte[BUFFER];
                ByteBuffer chunk = ByteBuffer.wrap(buffer);
                boolean end = false;
                while (!end) {
                    int filled = 0;
                    try {
                        // a full buffer per write: fewer, larger writes; the read timeout catches a stall
                        while (filled < buffer.length) {
                            int read = body.read(buffer, filled, buffer.length - filled);
                            if (read < 0) {
                                end = true;
                                break;
                            }
                            filled += read;
                        }
                    } catch (IOException e) {
                        write(file, chunk, filled);
                        have += filled;
                        flushed.await();
                        file.force(false);
                        throw new Retryable((e instanceof SocketTimeoutException ? "no data for "
                                + seconds(stallTimeout) : "connection broken: " + describe(e)) + " after " + have
                                + " bytes");
                    }
                    write(file, chunk, filled);
                    have += filled;
                    if (stop.getAsBoolean()) {
                        flushed.await();
                        file.force(false);
                        throw new DownloadException("stopped after " + have + " bytes");
                    }
                    flushed.maybeStart(have);
                    progress.progress(have, total);
                }
                flushed.await();
                file.force(true);
            } finally {
                flushed.await();
            }
        }
        if (total >= 0 && have != total) {
            throw new Retryable("connection closed after " + have + " of " + total + " bytes");
        }
        return have;
    }

    private static void write(FileChannel file, ByteBuffer chunk, int length) throws IOException {
        chunk.clear().limit(length);
        while (chunk.hasRemaining()) {
            file.write(chunk);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Flushes the file to the disk in the background while the download goes on, one flush at a time. */
    private final class WriteBack {
        private final FileChannel file;
        private long flushedUpTo;
        private Future<?> running;

        WriteBack(FileChannel file) {
            this.file = file;
        }

        void maybeStart(long written) {
            if (written - flushedUpTo < WRITE_BACK_BYTES || (running != null && !running.isDone())) {
                return;
            }
            flushedUpTo = written;
            running = writeBack.submit(() -> {
                try {
                    file.force(false);
                } catch (IOException e) {
                    // the final flush fails the same way and says so; this one only saves time
                    LOG.log(System.Logger.Level.DEBUG, "background flush of a download: " + e.getMessage());
                }
            });
        }

        void await() {
            if (running == null) {
                return;
            }
            try {
                running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.DEBUG, "background flush of a download: " + e.getCause());
            }
            running = null;
        }
    }

    /** A failure that another attempt, resuming where this one stopped, may get past. */
    private static final class Retryable extends Exception {
        Retryable(String message) {
            super(message);
        }
    }
}

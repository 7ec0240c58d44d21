package org.vehicleupdate.selfupdate.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vehicleupdate.selfupdate.core.BundleDownloader;
import org.vehicleupdate.selfupdate.core.DownloadException;

/**
 * Downloads a bundle with the JDK's HTTP client into {@code <target>.part}, renamed to the target when complete.
 * An interrupted download (connection cut, stalled server, the agent killed) goes on where it stopped with a
 * Range request; a server that ignores the Range gets the whole file again. Before the body is read, the
 * free space of the directory is checked against what is still to come.
 */
public final class HttpBundleDownloader implements BundleDownloader {
    private static final System.Logger LOG = System.getLogger(HttpBundleDownloader.class.getName());
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final int BUFFER = 256 * 1024;

    private final HttpClient client;
    private final FreeSpace freeSpace;
    private final Duration stallTimeout;
    private final int attempts;
    private final Duration retryDelay;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    public HttpBundleDownloader(HttpClient client, FreeSpace freeSpace, Duration stallTimeout, int attempts,
            Duration retryDelay) {
        this.client = client;
        this.freeSpace = freeSpace;
        this.stallTimeout = stallTimeout;
        this.attempts = Math.max(1, attempts);
        this.retryDelay = retryDelay;
    }

    /**
     * A client that trusts the CA file if one is given, otherwise the JDK's default trust store.
     *
     * @throws IllegalArgumentException when the CA file cannot be used
     */
    public static HttpClient client(Optional<Path> caFile, Duration connectTimeout) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(connectTimeout);
        if (caFile.isPresent()) {
            try {
                builder.sslContext(TrustedCertificates.from(caFile.get()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("CA file " + caFile.get() + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(source).GET().timeout(stallTimeout);
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Retryable("cannot reach " + source + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted");
        }
        try (InputStream body = response.body()) {
            long total;
            boolean append;
            switch (response.statusCode()) {
                case 200 -> {
                    if (have > 0) {
                        LOG.log(System.Logger.Level.INFO, "server ignored the Range request; downloading "
                                + source + " from the start");
                    }
                    have = 0;
                    total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    append = false;
                }
                case 206 -> {
                    Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                    if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                        Files.deleteIfExists(part);
                        throw new Retryable("server answered the Range request from byte " + have
                                + " with an unusable Content-Range; starting again");
                    }
                    total = "*".equals(range.group(3)) ? -1 : Long.parseLong(range.group(3));
                    append = true;
                }
                case 416 -> {
                    Matcher range = UNSATISFIED_RANGE.matcher(response.headers().firstValue("Content-Range")
                            .orElse(""));
                    if (range.matches() && Long.parseLong(range.group(1)) == have) {
                        progress.progress(have, have);
                        return have;
                    }
                    Files.deleteIfExists(part);
                    throw new Retryable("server refused to resume at byte " + have + "; starting again");
                }
                default -> {
                    String reason = "HTTP " + response.statusCode() + " from " + source;
                    if (response.statusCode() >= 500) {
                        throw new Retryable(reason);
                    }
                    throw new DownloadException(reason);
                }
            }
            checkFreeSpace(part, total, have);
            return copy(body, part, append, have, total, progress, stop);
        }
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
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        // the HTTP client has no read timeout for a body: a stalled server is cut off by closing the stream
        ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastRead.get() > stallTimeout.toNanos()) {
                stalled.set(true);
                try {
                    body.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a stalled download: " + e.getMessage());
                }
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        long have = start;
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            progress.progress(have, total);
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException e) {
                    file.force(false);
                    throw new Retryable((stalled.get() ? "no data for " + stallTimeout.toSeconds() + " s"
                            : "connection broken: " + describe(e)) + " after " + have + " bytes");
                }
                if (read < 0) {
                    break;
                }
                if (stop.getAsBoolean()) {
                    file.force(false);
                    throw new DownloadException("stopped after " + have + " bytes");
                }
                lastRead.set(System.nanoTime());
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                while (chunk.hasRemaining()) {
                    file.write(chunk);
                }
                have += read;
                progress.progress(have, total);
            }
            file.force(true);
        } finally {
            guard.cancel(false);
        }
        if (total >= 0 && have != total) {
            throw new Retryable("connection closed after " + have + " of " + total + " bytes");
        }
        return have;
    }

    private static String describe(IOException e) {
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

    /** A failure that another attempt, resuming where this one stopped, may get past. */
    private static final class Retryable extends Exception {
        Retryable(String message) {
            super(message);
        }
    }
}

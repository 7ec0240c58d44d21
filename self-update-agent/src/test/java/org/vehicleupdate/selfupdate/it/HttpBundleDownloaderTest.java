package org.vehicleupdate.selfupdate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.selfupdate.core.DownloadException;
import org.vehicleupdate.selfupdate.download.FreeSpace;
import org.vehicleupdate.selfupdate.download.HttpBundleDownloader;

/** The HTTP downloader against a real HTTP server on loopback. */
class HttpBundleDownloaderTest {
    private static BundleServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = new BundleServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static HttpBundleDownloader downloader(FreeSpace space, Duration stall, int attempts) {
        return new HttpBundleDownloader(HttpBundleDownloader.client(Optional.empty(), Duration.ofSeconds(5)), space,
                stall, attempts, Duration.ofMillis(10));
    }

    private Path file(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void downloadsTheWholeFileAndReportsProgressWithTheTotal() throws Exception {
        Path source = file("whole.bin", 3 * 1024 * 1024 + 17);
        Path target = dir.resolve("out/whole.raucb");
        Files.createDirectories(target.getParent());
        List<long[]> progress = new ArrayList<>();

        long size = downloader(FreeSpace.ofFileStore(), Duration.ofSeconds(5), 1).download(
                URI.create(server.url("whole", source)), target, (bytes, total) -> progress.add(new long[] {bytes, total}),
                () -> false);

        assertEquals(Files.size(source), size);
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
        assertEquals(Files.size(source), progress.get(progress.size() - 1)[0]);
        assertEquals(Files.size(source), progress.get(0)[1]);
        assertFalse(Files.exists(HttpBundleDownloader.partial(target)));
    }

    @Test
    void aBundleThatDoesNotFitIsRefusedBeforeTheBodyIsRead() throws Exception {
        Path source = file("big.bin", 2 * 1024 * 1024);
        Path target = dir.resolve("big.raucb");

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(d -> 1024 * 1024,
                Duration.ofSeconds(5), 3).download(URI.create(server.url("big", source)), target, (b, t) -> { }, () -> false));

        assertEquals("not enough free space in " + dir + ": the bundle needs 2.0 MiB more, only 1.0 MiB are free",
                e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aMissingBundleFailsWithTheHttpStatus() {
        String url = server.url("missing", dir.resolve("nothing-here")).replace("/missing", "/not-served");

        DownloadException e = assertThrows(DownloadException.class, () -> downloader(FreeSpace.ofFileStore(),
                Duration.ofSeconds(5), 3).download(URI.create(url), dir.resolve("x.raucb"), (b, t) -> { }, () -> false));

        assertEquals("HTTP 404 from " + url, e.getMessage());
    }

    @Test
    void aStalledServerIsCutOffAndTheDownloadResumed() throws Exception {
        Path source = file("stall.bin", 2 * 1024 * 1024);
        Path target = dir.resolve("stall.raucb");
        server.breakNextResponseAfter(512 * 1024, true);
        int before = server.ranges.size();

        long size = downloader(FreeSpace.ofFileStore(), Duration.ofMillis(500), 3).download(
                URI.create(server.url("stall", source)), target, (b, t) -> { }, () -> false);
        server.release();

        assertEquals(Files.size(source), size);
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
        List<String> ranges = server.ranges.subList(before, server.ranges.size());
        assertTrue(ranges.get(1).matches("bytes=[1-9][0-9]*-"), ranges.toString());
    }

    @Test
    void aCutDownloadBehindARedirectResumesWithItsRangeAtTheNewLocation() throws Exception {
        Path source = file("moved.bin", 3 * 1024 * 1024 + 5);
        Path target = dir.resolve("moved.raucb");
        String url = server.redirect("old-place", server.url("new-place", source));
        server.breakNextResponseAfter(1024 * 1024 + 3, false);
        int before = server.ranges.size();

        long size = downloader(FreeSpace.ofFileStore(), Duration.ofSeconds(5), 3).download(URI.create(url), target,
                (b, t) -> { }, () -> false);

        assertEquals(Files.size(source), size);
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target));
        // the redirect and the file, then both again with the Range of what was kept
        List<String> ranges = server.ranges.subList(before, server.ranges.size());
        assertEquals(List.of("", "", "bytes=1048579-", "bytes=1048579-"), ranges);
    }

    @Test
    void aCompleteBundleFromAnEarlierRunIsNotFetchedAgain() throws Exception {
        Path source = file("done.bin", 4096);
        Path target = Files.copy(source, dir.resolve("done.raucb"));
        int before = server.ranges.size();

        long size = downloader(FreeSpace.ofFileStore(), Duration.ofSeconds(5), 1).download(
                URI.create(server.url("done", source)), target, (b, t) -> { }, () -> false);

        assertEquals(4096, size);
        assertEquals(before, server.ranges.size());
    }
}

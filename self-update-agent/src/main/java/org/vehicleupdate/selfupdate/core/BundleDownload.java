package org.vehicleupdate.selfupdate.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vehicleupdate.kit.agent.ProgressThrottle;

/**
 * DOWNLOAD: fetches the bundle into the data directory on the background executor, so that the agent answers
 * meanwhile, with progress at most once per interval. A stopped download reports nothing more.
 */
final class BundleDownload {
    private final AgentSettings settings;
    private final BundleDownloader downloader;
    private final Clock clock;
    private final Executor background;

    BundleDownload(AgentSettings settings, BundleDownloader downloader, Clock clock, Executor background) {
        this.settings = settings;
        this.downloader = downloader;
        this.clock = clock;
        this.background = background;
    }

    /** Hears how the download goes, on the background thread. */
    interface Listener {
        /** Percent of the total, and the total size (the bytes so far while the total is unknown). */
        void progress(int percent, long size);

        void downloaded(long bytes);

        void failed(String reason, int percent);
    }

    /**
     * Starts the download; the first progress report, at 0 %, is the caller's.
     *
     * @return set it to stop the download; what it got so far stays until the bundle is discarded
     */
    AtomicBoolean start(SelfUpdateActivity downloading, Listener listener) {
        AtomicBoolean stop = new AtomicBoolean();
        background.execute(() -> run(downloading, stop, listener));
        return stop;
    }

    /** Deletes the bundle and whatever part of it was downloaded. */
    void discard(SelfUpdateActivity activity) {
        downloader.discard(Path.of(activity.request().bundleFile()));
    }

    private void run(SelfUpdateActivity downloading, AtomicBoolean stop, Listener listener) {
        ProgressThrottle<Integer> throttle = new ProgressThrottle<>(clock, settings.progressInterval());
        throttle.admit(0);
        int[] lastPercent = {0};
        try {
            Files.createDirectories(settings.dataDirectory());
            long size = downloader.download(URI.create(downloading.request().bundleUrl()),
                    Path.of(downloading.request().bundleFile()), (bytes, total) -> {
                        int percent = total > 0 ? (int) Math.min(100, bytes * 100 / total) : 0;
                        lastPercent[0] = percent;
                        if (!stop.get() && throttle.admit(percent)) {
                            listener.progress(percent, total > 0 ? total : bytes);
                        }
                    }, stop::get);
            listener.downloaded(size);
        } catch (DownloadException e) {
            if (!stop.get()) {
                listener.failed("Download failed: " + e.getMessage(), lastPercent[0]);
            }
        } catch (IOException e) {
            listener.failed("Download failed: cannot create the data directory " + settings.dataDirectory() + ": "
                    + e.getMessage(), 0);
        }
    }
}

package org.vehicleupdate.selfupdate.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** The port that fetches a bundle; a partial download left by an earlier attempt is resumed. */
public interface BundleDownloader {

    /**
     * Downloads {@code source} to {@code target}.
     *
     * @param stop     polled while downloading: true ends the download (a DownloadException), keeping what is
     *                 downloaded so far
     * @return the size of the complete file in bytes
     */
    long download(URI source, Path target, Progress progress, BooleanSupplier stop) throws DownloadException;

    /** Deletes the bundle and whatever partial download of it there is. */
    void discard(Path target);

    /** Receives the bytes present so far and the total, -1 while the total is unknown. */
    @FunctionalInterface
    interface Progress {
        void progress(long bytes, long total);
    }
}

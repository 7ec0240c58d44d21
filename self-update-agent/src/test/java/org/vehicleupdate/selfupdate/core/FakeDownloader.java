package org.vehicleupdate.selfupdate.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** "Downloads" a bundle whose content is the version it carries. */
final class FakeDownloader implements BundleDownloader {
    final List<URI> requests = new ArrayList<>();
    String bundleVersion = "2.0";
    String failure = "";

    @Override
    public long download(URI source, Path target, Progress progress, BooleanSupplier stop)
            throws DownloadException {
        requests.add(source);
        if (stop.getAsBoolean()) {
            throw new DownloadException("stopped");
        }
        if (!failure.isEmpty()) {
            throw new DownloadException(failure);
        }
        try {
            Files.writeString(target, bundleVersion);
            progress.progress(Files.size(target), Files.size(target));
            return Files.size(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void discard(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

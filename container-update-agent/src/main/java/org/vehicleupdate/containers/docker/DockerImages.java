package org.vehicleupdate.containers.docker;

import static org.vehicleupdate.containers.docker.ApiCall.call;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.vehicleupdate.containers.core.ContainerRuntimeException;

/**
 * Images on the Docker Engine API: the pull, with Podman's way of reporting its progress and its errors, and the
 * digests a pulled image is known by.
 */
final class DockerImages {
    private static final System.Logger LOG = System.getLogger(DockerImages.class.getName());
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);

    private final DockerClient client;
    private final RegistryCredentials credentials;

    DockerImages(DockerClient client, RegistryCredentials credentials) {
        this.client = client;
        this.credentials = credentials;
    }

    void pull(String image, IntConsumer progress) throws ContainerRuntimeException {
        PullImageCmd cmd = client.pullImageCmd(repository(image));
        tag(image).ifPresent(cmd::withTag);
        credentials.forImage(image).ifPresent(cmd::withAuthConfig);
        PullWatcher watcher = new PullWatcher(progress);
        try {
            call("pull " + image, () -> cmd.exec(watcher));
            if (!watcher.awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new ContainerRuntimeException("pulling " + image + " took longer than " + PULL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("pulling " + image + " was interrupted", e);
        } finally {
            closeQuietly(watcher);
        }
        if (!watcher.error.isEmpty()) {
            throw new ContainerRuntimeException(watcher.error);
        }
        progress.accept(100);
    }

    /**
     * Docker's RepoDigests ({@code repository@sha256:...}) of the local image, without the repository: Podman records
     * the digest of the manifest it pulled (for a multi-platform image also that of the list).
     */
    List<String> digests(String image) throws ContainerRuntimeException {
        InspectImageResponse info = call("inspect image " + image, () -> client.inspectImageCmd(image).exec());
        List<String> repoDigests = info.getRepoDigests() == null ? List.of() : info.getRepoDigests();
        return repoDigests.stream().filter(d -> d.indexOf('@') >= 0).map(d -> d.substring(d.indexOf('@') + 1))
                .distinct().toList();
    }

    private static void closeQuietly(PullWatcher watcher) {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the pull stream: " + e.getMessage());
        }
    }

    static String repository(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return image;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    }

    static Optional<String> tag(String image) {
        if (image.indexOf('@') >= 0) {
            return Optional.empty();
        }
        int colon = image.lastIndexOf(':');
        return Optional.of(colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest");
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /**
     * Follows the pull's JSON lines. Podman sends only "Pulling fs layer", "Already exists" and "Download
     * complete" with no byte counts, so progress is the share of layers done; an error arrives as a line with
     * {@code error} set and HTTP 200, which docker-java's own callback does not handle.
     */
    private static final class PullWatcher extends ResultCallback.Adapter<PullResponseItem> {
        private final IntConsumer progress;
        private final Set<String> layers = new LinkedHashSet<>();
        private final Set<String> done = new LinkedHashSet<>();
        volatile String error = "";

        PullWatcher(IntConsumer progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.isErrorIndicated()) {
                error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : text(item.getError());
                return;
            }
            String status = text(item.getStatus());
            String id = text(item.getId());
            if (status.startsWith("Pulling fs layer") || status.startsWith("Waiting")) {
                layers.add(id);
            } else if (status.startsWith("Download complete") || status.startsWith("Already exists")
                    || status.startsWith("Pull complete")) {
                layers.add(id);
                done.add(id);
            }
            if (!layers.isEmpty()) {
                progress.accept(Math.min(99, done.size() * 100 / layers.size()));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = ApiMessage.rootCause(throwable);
            super.onError(throwable);
        }
    }
}

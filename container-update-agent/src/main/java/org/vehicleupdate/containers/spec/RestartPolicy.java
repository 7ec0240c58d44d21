package org.vehicleupdate.containers.spec;

/**
 * When the runtime restarts the container. Kanto reads retries and timeout only for {@code on-failure}; for
 * every other type they are 0.
 *
 * @param type           {@code no}, {@code always}, {@code unless-stopped} or {@code on-failure}
 * @param timeoutSeconds Kanto's retry timeout; the Docker API has no such setting, so it is kept and reported only
 */
public record RestartPolicy(String type, int maxRetries, int timeoutSeconds) {
    public static final RestartPolicy DEFAULT = new RestartPolicy("unless-stopped", 0, 0);
}

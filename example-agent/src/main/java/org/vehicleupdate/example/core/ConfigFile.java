package org.vehicleupdate.example.core;

import java.util.Objects;

/**
 * One configuration file of an activity: the component of the desired state and what it replaces.
 *
 * @param id              the component id: the file's name under {@code current/}
 * @param version         the version to install
 * @param source          where the bundle is, a path on the vehicle
 * @param sha256          the bundle's SHA-256 when the desired state pins it, otherwise empty
 * @param previousVersion the version installed before, empty when there was none
 */
public record ConfigFile(String id, String version, String source, String sha256, String previousVersion) {
    public ConfigFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(previousVersion, "previousVersion");
    }
}

package org.vehicleupdate.updatemanager.trust;

import java.nio.file.Path;
import java.util.Objects;

/**
 * @param rootFile  the provisioned trust root ({@code trust.root})
 * @param vehicleId the id a desired state must be signed for; empty when none could be found, which refuses
 *                  every desired state in {@link TrustMode#ENFORCE} with a message that says so
 */
public record TrustSettings(TrustMode mode, Path rootFile, String vehicleId) {
    public static final Path DEFAULT_ROOT = Path.of("/etc/vehicle-update/trust/root.json");

    public TrustSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(rootFile, "rootFile");
        vehicleId = vehicleId == null ? "" : vehicleId.trim();
    }

    public static TrustSettings off() {
        return new TrustSettings(TrustMode.OFF, DEFAULT_ROOT, "");
    }
}

package org.vehicleupdate.containers.spec;

/** Kanto's container version: the digest or tag of the image reference's last path segment, else {@code n/a}. */
public final class ImageVersion {
    private ImageVersion() {
    }

    public static String of(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        int at = last.indexOf('@');
        if (at >= 0) {
            return last.substring(at + 1);
        }
        int colon = last.indexOf(':');
        return colon >= 0 ? last.substring(colon + 1) : "n/a";
    }
}

package org.vehicleupdate.selfupdate.core;

/**
 * What a desired state asked for and where it goes, fixed when the activity is identified.
 *
 * @param bundleUrl    where the bundle comes from; empty when there was nothing to do
 * @param bundleSha256 the bundle's SHA-256 the desired state pins (64 lowercase hexadecimal digits); empty when it
 *                     pins none
 * @param bundleFile   where it is downloaded to, in the data directory
 * @param originalSlot the slot that was booted at identification (the working slot)
 * @param targetSlot   the slot the update is written to
 */
public record UpdateRequest(String activityId, String version, String bundleUrl, String bundleSha256,
        String bundleFile, String originalSlot, String targetSlot) {
    public UpdateRequest {
        activityId = text(activityId);
        version = text(version);
        bundleUrl = text(bundleUrl);
        bundleSha256 = text(bundleSha256);
        bundleFile = text(bundleFile);
        originalSlot = text(originalSlot);
        targetSlot = text(targetSlot);
    }

    /** A desired state whose version already runs: nothing to download, no slot to write. */
    public static UpdateRequest nothingToDo(String activityId, String version) {
        return new UpdateRequest(activityId, version, "", "", "", "", "");
    }

    /** Whether the desired state pins the bundle's digest. */
    public boolean pinned() {
        return !bundleSha256.isEmpty();
    }

    static String text(String value) {
        return value == null ? "" : value;
    }
}

package org.vehicleupdate.updatemanager.trust;

/**
 * How a trust message (a new root, a reset) was taken: answered on the feedback topic under its activityId,
 * COMPLETED when {@code accepted}, IDENTIFICATION_FAILED otherwise.
 */
public record TrustAnswer(String activityId, boolean accepted, String message) {
    static TrustAnswer accepted(String activityId, String message) {
        return new TrustAnswer(activityId, true, message);
    }

    static TrustAnswer refused(String activityId, String message) {
        return new TrustAnswer(activityId, false, message);
    }
}

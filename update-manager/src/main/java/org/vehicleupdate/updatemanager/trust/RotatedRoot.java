package org.vehicleupdate.updatemanager.trust;

/**
 * A trust root installed by rotation, with the provisioned root it descends from: when the provisioned root
 * changes (the vehicle was provisioned anew), the rotated one no longer applies.
 *
 * @param provisionedDigest {@link TrustRoot#digest()} of the provisioned root at the time of the rotation
 * @param root              the new root's JSON
 */
public record RotatedRoot(String provisionedDigest, String root) {
}

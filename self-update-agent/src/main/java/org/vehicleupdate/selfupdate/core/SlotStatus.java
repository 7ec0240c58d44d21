package org.vehicleupdate.selfupdate.core;

/**
 * One slot as RAUC reports it.
 *
 * @param name           RAUC's slot name, e.g. {@code rootfs.1}
 * @param bootname       the bootloader's name, e.g. {@code B}
 * @param state          {@code booted}, {@code active} or {@code inactive}
 * @param bootStatus     {@code good} or {@code bad}
 * @param bundleVersion  version of the bundle last installed into the slot, empty if unknown
 * @param installStatus  RAUC's {@code status} of the last install ({@code ok}, {@code failed}), empty if none
 * @param installedCount how often RAUC has written the slot
 */
public record SlotStatus(String name, String slotClass, String bootname, String state, String bootStatus,
        String bundleVersion, String installStatus, long installedCount) {
    public SlotStatus {
        name = text(name);
        slotClass = text(slotClass);
        bootname = text(bootname);
        state = text(state);
        bootStatus = text(bootStatus);
        bundleVersion = text(bundleVersion);
        installStatus = text(installStatus);
    }

    public boolean booted() {
        return "booted".equals(state);
    }

    /** {@code rootfs.1 (B)}: how a person recognises the slot. */
    public String label() {
        return bootname.isEmpty() ? name : name + " (" + bootname + ")";
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}

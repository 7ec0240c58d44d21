package org.vehicleupdate.selfupdate.core;

import java.util.Optional;

/**
 * When the agent starts after ACTIVATE: was it a reboot (the boot id changed), and did the system boot the
 * activated slot with the desired version? When the bootloader fell back, the slot that booted is made active
 * again, so that the broken one is not tried once more; without a reboot the activated slot is made active again
 * (the agent may have died before it did).
 */
final class BootCheck {
    private static final System.Logger LOG = System.getLogger(BootCheck.class.getName());

    private final Rauc rauc;
    private final BootIdentity boot;

    BootCheck(Rauc rauc, BootIdentity boot) {
        this.rauc = rauc;
        this.boot = boot;
    }

    /** What the boot shows. */
    sealed interface Result {
    }

    /** The agent restarted without a reboot: the activated slot still waits for one. */
    record NoReboot() implements Result {
    }

    /** The activated slot booted with the desired version. */
    record Verified(String bootId, String bootedSlot) implements Result {
    }

    /** It did not; the reason names both slots. */
    record NotVerified(String bootId, String reason) implements Result {
    }

    /** RAUC cannot be asked: nothing is known yet. */
    record Unknown(String error) implements Result {
    }

    Result check(SelfUpdateActivity activity) {
        String bootId = boot.current();
        if (bootId.equals(activity.facts().activationBootId())) {
            if (activity.state() == ActivityState.ACTIVATED) {
                markActive(activity, activity.request().targetSlot());
            }
            return new NoReboot();
        }
        SystemStatus system;
        try {
            system = rauc.status();
        } catch (RaucException e) {
            return new Unknown(e.getMessage());
        }
        String targetName = activity.request().targetSlot();
        Optional<SlotStatus> booted = system.booted();
        String bootedLabel = booted.map(SlotStatus::label).orElse("no slot");
        boolean targetBooted = booted.isPresent() && booted.get().name().equals(targetName);
        if (targetBooted && booted.get().bundleVersion().equals(activity.version())) {
            return new Verified(bootId, bootedLabel);
        }
        if (targetBooted) {
            return new NotVerified(bootId, "the system booted from " + bootedLabel + ", but it reports version '"
                    + booted.get().bundleVersion() + "' instead of '" + activity.version() + "'.");
        }
        // the bootloader may still point at the slot that failed; keep the working one first
        booted.ifPresent(slot -> markActive(activity, slot.name()));
        String target = system.slot(targetName).map(SlotStatus::label).orElse(targetName);
        return new NotVerified(bootId, target + " was activated, but the system booted from " + bootedLabel
                + ": the bootloader fell back.");
    }

    private void markActive(SelfUpdateActivity activity, String slot) {
        try {
            rauc.markActive(slot);
        } catch (RaucException e) {
            LOG.log(System.Logger.Level.INFO, "[" + activity.activityId() + "] cannot make " + slot + " active: "
                    + e.getMessage());
        }
    }
}

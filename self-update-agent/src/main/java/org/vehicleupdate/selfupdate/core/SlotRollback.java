package org.vehicleupdate.selfupdate.core;

import java.util.Optional;

/**
 * ROLLBACK on the slots: the slot that was booted at identification boots next again. The result says whether
 * that slot stays the active one, is active again, or needs a reboot since the new slot runs now.
 */
final class SlotRollback {
    private final Rauc rauc;

    SlotRollback(Rauc rauc) {
        this.rauc = rauc;
    }

    /**
     * Whether the slots are as they were before the activity, so that a new one may begin: the original slot
     * runs. Otherwise why not.
     */
    Optional<String> unfinished(SelfUpdateActivity activity) {
        String original = activity.request().originalSlot();
        try {
            Optional<SlotStatus> booted = rauc.status().booted();
            if (booted.isEmpty() || !booted.get().name().equals(original)) {
                return Optional.of("the system runs " + booted.map(SlotStatus::label).orElse("no slot")
                        + " and needs a reboot into " + original + " to finish the rollback");
            }
            return Optional.empty();
        } catch (RaucException e) {
            return Optional.of("cannot check the slots with RAUC: " + e.getMessage());
        }
    }

    /**
     * @return the ROLLBACK_SUCCESS message
     * @throws RaucException when RAUC cannot tell the slots or make the original one active
     */
    String rollBack(SelfUpdateActivity activity) throws RaucException {
        String original = activity.request().originalSlot();
        SystemStatus system = rauc.status();
        String label = system.slot(original).map(SlotStatus::label).orElse(original);
        if (activity.standing().touchedBootOrder()) {
            rauc.markActive(original);
        }
        if (!system.booted().map(SlotStatus::name).orElse("").equals(original)) {
            return Texts.ROLLED_BACK + " " + label + " is the active slot again; a reboot is required to finish the "
                    + "rollback.";
        }
        if (activity.reached().passed(ActivityState.ACTIVATED)) {
            return Texts.ROLLED_BACK + " " + label + " is the active slot again.";
        }
        return Texts.ROLLED_BACK + " " + label + " stays the active slot.";
    }
}

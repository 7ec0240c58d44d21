package org.vehicleupdate.selfupdate.core;

import java.util.List;
import java.util.Optional;

/** The A/B system as RAUC sees it: the slots and the one that will boot next. */
public record SystemStatus(List<SlotStatus> slots, String primary) {
    public SystemStatus {
        slots = slots == null ? List.of() : List.copyOf(slots);
        primary = primary == null ? "" : primary;
    }

    public Optional<SlotStatus> booted() {
        return slots.stream().filter(SlotStatus::booted).findFirst();
    }

    public Optional<SlotStatus> slot(String name) {
        return slots.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The slot an update is written to: the other slot of the booted slot's class. */
    public Optional<SlotStatus> other() {
        return booted().flatMap(b -> slots.stream()
                .filter(s -> !s.booted() && s.slotClass().equals(b.slotClass())).findFirst());
    }
}

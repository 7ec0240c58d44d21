package org.vehicleupdate.selfupdate.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BootCheckTest {
    private final FakeRauc rauc = new FakeRauc();
    private String bootId = "boot-1";
    private final BootCheck check = new BootCheck(rauc, () -> bootId);

    /** Slot B written with 2.0 and activated in boot-1. */
    private SelfUpdateActivity activated() {
        rauc.versions.put("rootfs.1", "2.0");
        rauc.primary = "rootfs.1";
        return SelfUpdateActivity.identified(new UpdateRequest("a1", "2.0", "https://b/os", "", "/data/os.raucb",
                "rootfs.0", "rootfs.1")).in(ActivityState.ACTIVATED)
                .withFacts(f -> f.withActivationBootId("boot-1"));
    }

    @Test
    void theActivatedSlotBootedWithTheDesiredVersion() {
        SelfUpdateActivity activity = activated();
        rauc.reboot();
        bootId = "boot-2";

        assertThat(check.check(activity)).isEqualTo(new BootCheck.Verified("boot-2", "rootfs.1 (B)"));
    }

    @Test
    void aFallbackNamesBothSlotsAndKeepsTheWorkingSlotFirst() {
        SelfUpdateActivity activity = activated();
        bootId = "boot-2";

        assertThat(check.check(activity)).isEqualTo(new BootCheck.NotVerified("boot-2", "rootfs.1 (B) was activated, "
                + "but the system booted from rootfs.0 (A): the bootloader fell back."));
        assertThat(rauc.primary).isEqualTo("rootfs.0");
    }

    @Test
    void theActivatedSlotWithAnotherVersionIsNotVerified() {
        SelfUpdateActivity activity = activated();
        rauc.reboot();
        rauc.versions.put("rootfs.1", "1.9");
        bootId = "boot-2";

        assertThat(check.check(activity)).isEqualTo(new BootCheck.NotVerified("boot-2", "the system booted from "
                + "rootfs.1 (B), but it reports version '1.9' instead of '2.0'."));
    }

    @Test
    void aRestartWithoutARebootMakesTheActivatedSlotActiveAgain() {
        SelfUpdateActivity activity = activated();
        rauc.primary = "rootfs.0";

        assertThat(check.check(activity)).isEqualTo(new BootCheck.NoReboot());
        assertThat(rauc.primary).isEqualTo("rootfs.1");
    }
}

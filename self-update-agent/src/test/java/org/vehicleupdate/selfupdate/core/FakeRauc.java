package org.vehicleupdate.selfupdate.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RAUC with two slots as plain state: install writes the bundle's version into the other slot. */
final class FakeRauc implements Rauc {
    final Map<String, String> versions = new LinkedHashMap<>();
    final Map<String, String> bootStatus = new LinkedHashMap<>();
    final Map<String, Long> installs = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    String booted = "rootfs.0";
    String primary = "rootfs.0";
    /** version the next Info reports; null: the bundle file's content */
    String infoVersion;
    RaucException infoError;
    String installError = "";
    boolean installing;

    FakeRauc() {
        versions.put("rootfs.0", "1.0");
        versions.put("rootfs.1", "");
        bootStatus.put("rootfs.0", "good");
        bootStatus.put("rootfs.1", "bad");
        installs.put("rootfs.0", 0L);
        installs.put("rootfs.1", 0L);
    }

    String other() {
        return booted.equals("rootfs.0") ? "rootfs.1" : "rootfs.0";
    }

    /** The simulated bootloader boots the primary slot. */
    void reboot() {
        booted = primary;
    }

    @Override
    public SystemStatus status() {
        List<SlotStatus> slots = new ArrayList<>();
        for (String name : versions.keySet()) {
            String bootname = name.equals("rootfs.0") ? "A" : "B";
            slots.add(new SlotStatus(name, "rootfs", bootname, name.equals(booted) ? "booted" : "inactive",
                    bootStatus.get(name), versions.get(name), installs.get(name) > 0 ? "ok" : "",
                    installs.get(name)));
        }
        return new SystemStatus(slots, primary);
    }

    @Override
    public String bundleVersion(Path bundle) throws RaucException {
        calls.add("Info");
        if (infoError != null) {
            throw infoError;
        }
        return infoVersion != null ? infoVersion : content(bundle);
    }

    @Override
    public InstallOutcome install(Path bundle, InstallProgress progress) {
        calls.add("InstallBundle");
        progress.progress(0, "Installing");
        progress.progress(50, "Copying image");
        if (!installError.isEmpty()) {
            return new InstallOutcome(false, installError);
        }
        String target = other();
        versions.put(target, content(bundle));
        installs.put(target, installs.get(target) + 1);
        bootStatus.put(target, "bad");
        primary = target; // RAUC activates what it wrote
        progress.progress(100, "Installing done.");
        return new InstallOutcome(true, "");
    }

    @Override
    public void markActive(String slot) {
        calls.add("Mark active " + slot);
        primary = slot;
    }

    @Override
    public void markGood(String slot) {
        calls.add("Mark good " + slot);
        bootStatus.put(slot, "good");
    }

    @Override
    public boolean installing() {
        return installing;
    }

    @Override
    public void awaitIdle(Duration timeout) {
        installing = false;
    }

    private static String content(Path bundle) {
        try {
            return Files.readString(bundle).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

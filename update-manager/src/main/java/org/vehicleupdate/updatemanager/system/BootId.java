package org.vehicleupdate.updatemanager.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's id of the current boot: it changes with every restart of the machine. */
public final class BootId {
    private static final Path FILE = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId() {
    }

    /** The boot id, or empty where the kernel does not provide one. */
    public static String current() {
        try {
            return Files.readString(FILE).trim();
        } catch (IOException e) {
            return "";
        }
    }
}

package org.vehicleupdate.selfupdate.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vehicleupdate.selfupdate.core.BootIdentity;

/**
 * The boot id from a file that changes with every boot: the kernel's {@code /proc/sys/kernel/random/boot_id}
 * on a vehicle; in the RAUC simulation, where no real reboot happens, a file the simulated boot rewrites.
 */
public final class FileBootIdentity implements BootIdentity {
    public static final Path KERNEL_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path file;

    public FileBootIdentity(Path file) {
        this.file = file;
    }

    @Override
    public String current() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the boot id from " + file, e);
        }
    }
}

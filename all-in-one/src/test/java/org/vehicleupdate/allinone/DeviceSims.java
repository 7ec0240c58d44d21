package org.vehicleupdate.allinone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The device the three services drive, real as on the virtual vehicle: a real {@code rauc service} on file-backed
 * A/B slots with its private D-Bus (deploy/lib/rauc-sim.sh, OS 1.0 booted) and real Podman's Docker API
 * (deploy/lib/podman-sim.sh), on state directories and a registry port of this module's tests only.
 */
final class DeviceSims implements AutoCloseable {
    private static final Path LIB = Path.of("").toAbsolutePath().getParent().resolve("deploy/lib");
    private static final Path RAUC_STATE = Path.of("/tmp/aio-rauc");
    private static final Path PODMAN_STATE = Path.of("/tmp/aio-podman");
    private static final int REGISTRY_PORT = 5057;

    final String dbusAddress;
    final Path bootIdFile = RAUC_STATE.resolve("run/rauc.pid");
    final String dockerHost = "unix://" + PODMAN_STATE.resolve("podman.sock");

    private DeviceSims(String dbusAddress) {
        this.dbusAddress = dbusAddress;
    }

    /** Why RAUC cannot run here (it mounts bundles: root and loop devices), or empty. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "rauc-sim and podman-sim need root";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/rauc")) || !Files.exists(Path.of("/dev/loop-control"))) {
            return "no rauc or no loop devices";
        }
        return "";
    }

    /** Starts both; a RAUC left from an earlier run is stopped and its slots set up afresh (OS 1.0 in slot A). */
    static DeviceSims start() {
        if (Files.exists(RAUC_STATE)) {
            rauc("stop");
        }
        deleteTree(RAUC_STATE);
        rauc("setup", "--initial-version", "1.0");
        String address = rauc("start").lines().filter(l -> l.startsWith("DBUS_SYSTEM_BUS_ADDRESS="))
                .map(l -> l.substring("DBUS_SYSTEM_BUS_ADDRESS=".length())).findFirst()
                .orElseThrow(() -> new IllegalStateException("rauc-sim start printed no bus address"));
        run(LIB.resolve("podman-sim.sh").toString(), "--state", PODMAN_STATE.toString(), "start", "--registry-port",
                Integer.toString(REGISTRY_PORT), "--health-interval", "0");
        return new DeviceSims(address);
    }

    /** The OS version in the booted slot A: a desired state asking for it changes nothing. */
    String installedVersion() {
        return rauc("slot-version", "A").strip();
    }

    @Override
    public void close() {
        rauc("stop");
        run(LIB.resolve("podman-sim.sh").toString(), "--state", PODMAN_STATE.toString(), "stop");
    }

    private static String rauc(String... args) {
        List<String> command = new ArrayList<>(List.of(LIB.resolve("rauc-sim.sh").toString(), "--state",
                RAUC_STATE.toString()));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    private static String run(String... command) {
        try {
            Path log = Files.createTempFile("aio-sim", ".log");
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
            }
            Files.deleteIfExists(log);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (Files.exists(dir)) {
            run("rm", "-rf", dir.toString());
        }
    }
}

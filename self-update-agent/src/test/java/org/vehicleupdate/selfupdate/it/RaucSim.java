package org.vehicleupdate.selfupdate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Drives {@code deploy/lib/rauc-sim.sh}: a real {@code rauc service} on file-backed A/B slots. */
final class RaucSim implements AutoCloseable {
    static final Path SCRIPT = Path.of("..", "deploy", "lib", "rauc-sim.sh").toAbsolutePath().normalize();

    private final Path state;

    private RaucSim(Path state) {
        this.state = state;
    }

    /** Why the simulation cannot run here, or empty when it can. */
    static String unavailableReason() {
        if (!Files.isExecutable(SCRIPT)) {
            return "rauc-sim.sh not found at " + SCRIPT;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "rauc needs root to mount bundles";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "no /dev/loop-control: rauc cannot mount bundles";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/rauc"))) {
            return "rauc is not installed";
        }
        return "";
    }

    /** A fresh simulation in a short directory under /tmp (the D-Bus socket path must stay short). */
    static RaucSim setUp(String name) {
        Path state = Path.of("/tmp", "sua-" + name);
        deleteTree(state);
        RaucSim sim = new RaucSim(state);
        sim.run("setup");
        return sim;
    }

    Path state() {
        return state;
    }

    /** Starts RAUC booted from the slot the simulated bootloader picks; returns the bus address. */
    String start() {
        return busAddress(run("start"));
    }

    void stop() {
        run("stop");
    }

    /** Stops RAUC, lets the bootloader choose (or fall back) and starts again. */
    String reboot(boolean fallback) {
        return busAddress(fallback ? run("reboot", "--fallback") : run("reboot"));
    }

    Path bundle(String version, int sizeMib, boolean rogue) {
        return bundle(version, sizeMib, rogue, "");
    }

    /** @param compatible another compatible string than the system's, or empty for the system's */
    Path bundle(String version, int sizeMib, boolean rogue, String compatible) {
        List<String> args = new ArrayList<>(List.of("bundle", "--version", version, "--out",
                state.resolve("bundles").resolve(version + (rogue ? "-rogue" : "") + compatible + ".raucb").toString(),
                "--size-mib", Integer.toString(sizeMib)));
        if (rogue) {
            args.add("--rogue");
        }
        if (!compatible.isEmpty()) {
            args.add("--compatible");
            args.add(compatible);
        }
        return Path.of(run(args.toArray(String[]::new)).strip());
    }

    String slotVersion(String bootname) {
        return run("slot-version", bootname).strip();
    }

    String primary() {
        return read(state.resolve("boot/primary"));
    }

    String bootState(String bootname) {
        return read(state.resolve("boot/" + bootname + ".state"));
    }

    String booted() {
        return read(state.resolve("run/booted"));
    }

    /** Changes with every (simulated) boot: the rauc service's PID file. */
    Path bootIdFile() {
        return state.resolve("run/rauc.pid");
    }

    /** RAUC's {@code Operation} property: {@code idle} or {@code installing}. */
    String operation() {
        try {
            Process process = new ProcessBuilder("busctl", "--address=unix:path=" + state.resolve("run/system_bus_socket"),
                    "get-property", "de.pengutronix.rauc", "/", "de.pengutronix.rauc.Installer", "Operation")
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return out.replace("s ", "").replace("\"", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String rauc(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "rauc";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(all);
    }

    String run(String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "--state", state.toString()));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("rauc-sim", ".log");
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rauc-sim " + String.join(" ", args) + " failed: "
                        + Files.readString(log));
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

    @Override
    public void close() {
        stop();
        deleteTree(state);
    }

    private static String busAddress(String startOutput) {
        Map<String, String> lines = new LinkedHashMap<>();
        startOutput.lines().filter(l -> l.contains("=")).forEach(l -> lines.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return lines.get("DBUS_SYSTEM_BUS_ADDRESS");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

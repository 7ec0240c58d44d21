package org.vehicleupdate.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/lib/preflight.sh, and both README commands that run it first: on a machine that lacks something, one line
 * that names it and the package that brings it, before anything starts.
 */
class PreflightTest {
    private static final Path PREFLIGHT = VirtualVehicle.REPO.resolve("deploy/lib/preflight.sh");
    private static final List<String> PATH_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin");

    @TempDir
    Path dir;

    @Test
    void thisMachineHasEverythingAndTheCheckSaysNothing() {
        long start = System.nanoTime();
        Shell vehicle = Shell.run(Map.of(), Duration.ofSeconds(30), PREFLIGHT.toString(), "vehicle", "--state",
                dir.resolve("state").toString());
        Shell tests = Shell.run(Map.of(), Duration.ofSeconds(30), PREFLIGHT.toString(), "tests");
        System.out.printf("preflight vehicle + tests: %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertEquals(new Shell(0, ""), vehicle);
        assertEquals(new Shell(0, ""), tests);
    }

    @Test
    void aMissingIptablesStopsTheCheckWithOneLineNamingItsPackage() throws IOException {
        Shell result = Shell.run(Map.of("PATH", pathWithout("iptables")), Duration.ofSeconds(30), PREFLIGHT.toString(),
                "vehicle", "--state", dir.resolve("state").toString());

        assertEquals(3, result.exitCode(), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.output().startsWith("preflight: 'iptables' is missing (netavark runs it to publish container"
                + " ports; Debian package iptables)"), result.output());
        assertTrue(result.output().contains("apt-get install --no-install-recommends iptables"), result.output());
    }

    @Test
    void anOldJavaIsNamedWithItsVersion() throws IOException {
        Path fakes = Files.createDirectories(dir.resolve("fakes"));
        Path java = fakes.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.20\" 2023-07-18' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Shell result = Shell.run(Map.of("PATH", fakes + ":" + pathWithout("java")), Duration.ofSeconds(30),
                PREFLIGHT.toString(), "tests");

        assertEquals(3, result.exitCode(), result.output());
        assertEquals(List.of("preflight: Java 17 or newer is needed, " + java + " is 11.0.20 (Debian package"
                + " openjdk-17-jdk-headless). Install with: deploy/lib/install-packages.sh (as root), or apt-get"
                + " install --no-install-recommends openjdk-17-jdk-headless"), result.lines());
    }

    @Test
    void theVirtualVehicleStopsAtTheCheckBeforeItStartsAnything() throws IOException {
        Path state = dir.resolve("vv");
        Shell result = Shell.run(Map.of("PATH", pathWithout("iptables")), Duration.ofSeconds(60),
                VirtualVehicle.REPO.resolve("deploy/virtual-vehicle.sh").toString(), "--state", state.toString(),
                "--mqtt-port", "1", "start");

        assertEquals(3, result.exitCode(), result.output());
        assertEquals(1, result.lines().size(), result.output());
        assertTrue(result.output().startsWith("preflight: 'iptables' is missing"), result.output());
        try (Stream<Path> run = Files.list(state.resolve("run"))) {
            assertEquals(List.of(), run.toList(), "nothing was started");
        }
    }

    @Test
    void theTestScriptStopsAtTheCheckBeforeMaven() throws IOException {
        Shell result = Shell.run(Map.of("PATH", pathWithout("mosquitto_passwd")), Duration.ofSeconds(60),
                VirtualVehicle.REPO.resolve("deploy/run-tests.sh").toString(), "-pl", "nothing-to-build");

        assertEquals(3, result.exitCode(), result.output());
        assertEquals(List.of("preflight: 'mosquitto_passwd' is missing (the broker security test; Debian package"
                + " mosquitto). Install with: deploy/lib/install-packages.sh (as root), or apt-get install"
                + " --no-install-recommends mosquitto"), result.lines());
    }

    /** A PATH with every command of this machine but the named ones: links in a directory of the test's own. */
    private String pathWithout(String... commands) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Set<String> left = Set.of(commands);
        for (String pathDir : PATH_DIRS) {
            Path source = Path.of(pathDir);
            if (!Files.isDirectory(source)) {
                continue;
            }
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.toList()) {
                    Path link = bin.resolve(file.getFileName().toString());
                    if (!left.contains(file.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, file);
                    }
                }
            }
        }
        return bin.toString();
    }
}

package org.vehicleupdate.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pid file of the virtual vehicle counts only while its process is the one the vehicle started: after a reboot
 * or a power cut its number may belong to any other process, and the vehicle must neither say "already running"
 * nor signal that process.
 */
class PidFileIdentityTest {
    private static final String SCRIPT = VirtualVehicle.REPO.resolve("deploy/virtual-vehicle.sh").toString();

    @TempDir
    Path state;
    private Process unrelated;

    @BeforeEach
    void anUnrelatedProcessHoldsThePidOfTheFile() throws IOException {
        unrelated = new ProcessBuilder("sleep", "300").start();
        Files.createDirectories(state.resolve("run"));
        Files.writeString(state.resolve("run/supervisor.pid"), unrelated.pid() + "\n");
    }

    @AfterEach
    void stopIt() throws InterruptedException {
        unrelated.destroy();
        unrelated.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aPidFileWithoutTheStartTimeIsStale() {
        assertTrue(status().contains("supervisor: stopped"), status());
    }

    @Test
    void aPidFileWhoseStartTimeIsAnotherProcesssIsStale() throws IOException {
        Files.writeString(state.resolve("run/supervisor.started"), (startTime(unrelated.pid()) - 1) + "\n");

        assertTrue(status().contains("supervisor: stopped"), status());
    }

    @Test
    void aStaleSupervisorIsNotSignalledByReboot() throws IOException {
        Files.writeString(state.resolve("run/supervisor.started"), (startTime(unrelated.pid()) + 7) + "\n");

        Shell reboot = Shell.run(Map.of(), Duration.ofSeconds(30), SCRIPT, "--state", state.toString(), "reboot");

        assertEquals(1, reboot.exitCode(), reboot.output());
        assertTrue(reboot.output().contains("no virtual vehicle runs on"), reboot.output());
        assertTrue(unrelated.isAlive(), "the unrelated process got no signal");
    }

    @Test
    void theProcessThatWasStartedCountsAsRunning() throws IOException {
        Files.writeString(state.resolve("run/supervisor.started"), startTime(unrelated.pid()) + "\n");

        assertTrue(status().contains("supervisor: running (pid " + unrelated.pid() + ")"), status());
    }

    private String status() {
        return Shell.run(Map.of(), Duration.ofSeconds(30), SCRIPT, "--state", state.toString(), "status").output();
    }

    /** Field 22 of /proc/PID/stat, read independently of the script. */
    private static long startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[19]);
    }
}

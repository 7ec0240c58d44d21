package org.vehicleupdate.updatemanager.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.updatemanager.core.Rebooter;

class CommandRebooterTest {
    @TempDir
    Path dir;

    @Test
    void runsTheConfiguredShellCommand() throws Exception {
        Path marker = dir.resolve("rebooted");
        new CommandRebooter("echo simulated > " + marker, Duration.ofSeconds(10)).reboot("a1");
        assertThat(Files.readString(marker)).isEqualTo("simulated\n");
    }

    @Test
    void failingCommandIsAFailedRebootWithItsExitCode() {
        assertThatThrownBy(() -> new CommandRebooter("exit 3", Duration.ofSeconds(10)).reboot("a1"))
                .isInstanceOf(Rebooter.RebootFailedException.class).hasMessage("'exit 3' exited with 3");
    }

    @Test
    void commandThatHangsIsAFailedReboot() {
        assertThatThrownBy(() -> new CommandRebooter("sleep 5", Duration.ofMillis(200)).reboot("a1"))
                .isInstanceOf(Rebooter.RebootFailedException.class).hasMessageContaining("did not finish");
    }
}

package org.vehicleupdate.updatemanager.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.mqtt.BrokerSettings;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.updatemanager.core.ManagerSettings;
import org.vehicleupdate.updatemanager.store.ManagerJournal;

/** What keeps the manager from starting, and how it says so. */
class ManagerRuntimeStartTest {
    @TempDir
    Path dir;

    @Test
    void aJournalWrittenByANewerVersionKeepsTheManagerFromStartingAndTheMessageSaysWhatToDo() throws Exception {
        String json = "{\"v\":1,\"type\":\"announced\",\"record\":{\"activityId\":\"a1\",\"announcedBy\":\"v2\"}}";
        write("{\"journal\":\"update-manager\",\"format\":1}", json);

        assertThatThrownBy(() -> ManagerRuntime.start(options()))
                .isInstanceOf(ManagerRuntime.CannotStartException.class)
                .hasMessageStartingWith("the update-manager cannot resume from its journal "
                        + dir.resolve(ManagerJournal.FILE_NAME))
                .hasMessageContaining(ManagerJournal.FILE_NAME + ": line 2, record 'announced' v1: unknown field"
                        + " 'announcedBy'")
                .hasMessageEndingWith("Start the version that wrote it, or clear the journals with"
                        + " deploy/reset-journals.sh (the update in progress is then forgotten)");
    }

    private ManagerRuntime.Options options() {
        // the journal is read before any connection is made
        return new ManagerRuntime.Options(ManagerSettings.defaults(),
                BrokerSettings.plain("tcp://127.0.0.1:1", "update-manager-test"), dir, activityId -> { },
                MessageReader.DEFAULT_MAX_BYTES, "0.1.0");
    }

    private void write(String... jsonLines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String json : jsonLines) {
            CRC32 crc = new CRC32();
            crc.update(json.getBytes(StandardCharsets.UTF_8));
            text.append(String.format("%08x ", crc.getValue())).append(json).append('\n');
        }
        Files.writeString(dir.resolve(ManagerJournal.FILE_NAME), text);
    }
}

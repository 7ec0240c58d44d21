package org.vehicleupdate.selfupdate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.selfupdate.core.ActivityState;
import org.vehicleupdate.selfupdate.core.SelfUpdateActivity;
import org.vehicleupdate.selfupdate.core.UpdateRequest;

class SelfUpdateJournalTest {
    /** Written by this version (record version 2, a pinned bundle); every later version must read it as it is. */
    private static final Path FIXTURE = Path.of("src/test/resources/journal/self-update-agent.journal");
    /** Written by the version before (record version 1, before bundles could be pinned). */
    private static final Path FIXTURE_V1 = Path.of("src/test/resources/journal/self-update-agent-v1.journal");
    private static final String PIN = "3c9fdedfbb879e73d352980039afa49897fe95a07233bf3dd3cd945923cf440d";

    @TempDir
    Path data;

    @Test
    void theSavedJournalOfThisVersionIsReadAndResumesTheActivatedUpdate() throws Exception {
        Files.copy(FIXTURE, data.resolve(SelfUpdateJournal.FILE));

        try (SelfUpdateJournal journal = new SelfUpdateJournal(data)) {
            SelfUpdateActivity activity = journal.load().orElseThrow();
            assertThat(activity.request()).isEqualTo(new UpdateRequest("example-self-update-1", "2.0",
                    "http://127.0.0.1:8088/os-2.0.raucb", PIN, "/data/selfupdates/os-image-3f2a9c1d0b4e5f60.raucb",
                    "rootfs.0", "rootfs.1"));
            assertThat(activity.state()).isEqualTo(ActivityState.ACTIVATED);
            assertThat(activity.facts().installedCountBefore()).isEqualTo(3);
            assertThat(activity.facts().activationBootId()).isEqualTo("6c3e1f0a-5b7d-4e2a-9c8f-1d2e3f4a5b6c");
        }
        assertThat(Files.readAllLines(data.resolve(SelfUpdateJournal.FILE))).as("compacted on start").hasSize(2);
    }

    @Test
    void theSavedJournalOfTheVersionBeforeIsReadAsAnUnpinnedBundle() throws Exception {
        Files.copy(FIXTURE_V1, data.resolve(SelfUpdateJournal.FILE));

        try (SelfUpdateJournal journal = new SelfUpdateJournal(data)) {
            SelfUpdateActivity activity = journal.load().orElseThrow();
            assertThat(activity.request()).isEqualTo(new UpdateRequest("example-self-update-1", "2.0",
                    "http://127.0.0.1:8088/os-2.0.raucb", "", "/data/selfupdates/os-image-3f2a9c1d0b4e5f60.raucb",
                    "rootfs.0", "rootfs.1"));
            assertThat(activity.request().pinned()).isFalse();
            assertThat(activity.state()).isEqualTo(ActivityState.ACTIVATED);
            journal.save(activity.in(ActivityState.VERIFIED));
        }
        try (SelfUpdateJournal journal = new SelfUpdateJournal(data)) {
            assertThat(journal.load().orElseThrow().state()).isEqualTo(ActivityState.VERIFIED);
        }
        assertThat(Files.readAllLines(data.resolve(SelfUpdateJournal.FILE)).get(1))
                .as("rewritten in this version's record").contains("{\"v\":2,").contains("\"bundleSha256\":\"\"");
    }

    @Test
    void anActivityIsWrittenExactlyAsTheSavedJournalHasIt() throws Exception {
        Files.copy(FIXTURE, data.resolve("fixture"));
        Files.move(data.resolve("fixture"), data.resolve(SelfUpdateJournal.FILE));
        SelfUpdateActivity activity;
        try (SelfUpdateJournal journal = new SelfUpdateJournal(data)) {
            activity = journal.load().orElseThrow();
        }
        Path again = Files.createDirectory(data.resolve("again"));
        try (SelfUpdateJournal journal = new SelfUpdateJournal(again)) {
            journal.save(activity);
        }

        List<String> fixture = Files.readAllLines(FIXTURE);
        assertThat(Files.readAllLines(again.resolve(SelfUpdateJournal.FILE)))
                .containsExactly(fixture.get(0), fixture.get(fixture.size() - 1));
    }

    @Test
    void aFailedRolledBackAndFinishedActivityComesBackAsItWas() {
        SelfUpdateActivity finished = SelfUpdateActivity.identified(new UpdateRequest("a1", "3.0", "https://b/os",
                        PIN, "/data/os.raucb", "rootfs.0", "rootfs.1"))
                .in(ActivityState.DOWNLOADED).failed(Status.UPDATE_FAILURE, "Install failed: no space")
                .rolledBack("rolled back").finished(Status.INCOMPLETE, "rolled back");
        try (SelfUpdateJournal journal = new SelfUpdateJournal(data)) {
            journal.save(finished);
        }
        try (SelfUpdateJournal journal = new SelfUpdateJournal(data)) {
            assertThat(journal.load()).contains(finished);
        }
    }

    @Test
    void aFieldOrVersionOfANewerAgentIsRefusedByNameNotDropped() throws Exception {
        List<String> fixture = Files.readAllLines(FIXTURE);
        String last = body(fixture.get(fixture.size() - 1));
        write(fixture.get(0), last.replace("\"rollbackMessage\":\"\"", "\"rollbackMessage\":\"\",\"retries\":2"));
        assertThatThrownBy(() -> new SelfUpdateJournal(data)).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("line 2, record 'activity' v2: unknown field 'retries'");

        write(fixture.get(0), last.replace("{\"v\":2,", "{\"v\":3,"));
        assertThatThrownBy(() -> new SelfUpdateJournal(data)).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 'activity' has version 3; this version of the service reads versions 1 "
                        + "to 2");

        write(fixture.get(0), last.replace("\"state\":\"ACTIVATED\"", "\"state\":\"PAUSED\""));
        assertThatThrownBy(() -> new SelfUpdateJournal(data)).hasMessageContaining("field 'state' has an unknown "
                + "value 'PAUSED'");
    }

    @Test
    void theJournalFileOfAnEarlierVersionWithAnOpenActivityIsRefusedRatherThanIgnored() throws Exception {
        Files.writeString(data.resolve("self-update-journal.json"), "{\"activityId\":\"a1\",\"phase\":\"ACTIVATED\"}");

        assertThatThrownBy(() -> new SelfUpdateJournal(data)).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("self-update-journal.json is in the format of an earlier version")
                .hasMessageContaining("holds an open activity 'a1'");
    }

    @Test
    void theJournalFileOfAnEarlierVersionWithAFinishedActivityIsSetAsideAndTheAgentStarts() throws Exception {
        Files.writeString(data.resolve("self-update-journal.json"), "{\"activityId\":\"a1\",\"phase\":\"FINISHED\"}");

        assertThat(new SelfUpdateJournal(data).load()).isEmpty();
        assertThat(data.resolve("self-update-journal.json.earlier-format")).exists();
    }

    private static String body(String line) {
        return line.substring(9);
    }

    private void write(String header, String json) throws Exception {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        Files.writeString(data.resolve(SelfUpdateJournal.FILE), header + "\n" + String.format("%08x ",
                crc.getValue()) + json + "\n");
    }
}

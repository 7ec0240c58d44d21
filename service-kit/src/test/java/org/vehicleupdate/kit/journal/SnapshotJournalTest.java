package org.vehicleupdate.kit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotJournalTest {
    sealed interface Part permits Activity, Specs {
    }

    record Activity(String id, String status) implements Part {
    }

    record Specs(String text) implements Part {
    }

    static final class Codec implements RecordCodec<Part> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public String type(Part record) {
            return record instanceof Activity ? "activity" : "specs";
        }

        @Override
        public void write(Part record, RecordWriter fields) {
            if (record instanceof Activity activity) {
                fields.text("id", activity.id()).text("status", activity.status());
            } else if (record instanceof Specs specs) {
                fields.text("text", specs.text());
            }
        }

        @Override
        public Part read(String type, int version, RecordReader fields) {
            Part part = switch (type) {
                case "activity" -> new Activity(fields.text("id"), fields.text("status"));
                case "specs" -> new Specs(fields.text("text"));
                default -> throw fields.unknownType(type);
            };
            fields.end();
            return part;
        }
    }

    @TempDir
    Path dir;

    private SnapshotJournal<Part> open() {
        return SnapshotJournal.open(dir.resolve("agent.journal"), "agent", new Codec());
    }

    @Test
    void theNewestRecordOfEachTypeIsTheStateAfterARestartAndTheFileIsCompactedToThem() throws Exception {
        try (SnapshotJournal<Part> journal = open()) {
            journal.save(new Activity("a1", "IDENTIFIED"));
            journal.save(new Specs("one"));
            journal.save(new Activity("a1", "DOWNLOAD_SUCCESS"));
            assertThat(Files.readAllLines(dir.resolve("agent.journal"))).hasSize(4);
        }

        try (SnapshotJournal<Part> journal = open()) {
            assertThat(journal.latest(Activity.class)).contains(new Activity("a1", "DOWNLOAD_SUCCESS"));
            assertThat(journal.latest(Specs.class)).contains(new Specs("one"));
            assertThat(journal.latest()).containsExactly(new Activity("a1", "DOWNLOAD_SUCCESS"), new Specs("one"));
        }
        assertThat(Files.readAllLines(dir.resolve("agent.journal"))).hasSize(3);
    }

    @Test
    void aJournalThatGrewPastTheLimitIsCompactedWhileTheServiceRuns() throws Exception {
        String large = "x".repeat(64 * 1024);
        try (SnapshotJournal<Part> journal = open()) {
            for (int i = 0; i < SnapshotJournal.COMPACT_ABOVE_BYTES / large.length() + 2; i++) {
                journal.save(new Specs(large + i));
            }
            assertThat(Files.size(dir.resolve("agent.journal"))).isLessThan(SnapshotJournal.COMPACT_ABOVE_BYTES);
        }
        try (SnapshotJournal<Part> journal = open()) {
            assertThat(journal.latest(Specs.class).orElseThrow().text()).endsWith(
                    Long.toString(SnapshotJournal.COMPACT_ABOVE_BYTES / large.length() + 1));
        }
    }

    @Test
    void aJournalOfAnEarlierFormatWithAnOpenActivityIsRefusedNamingItAndTheRefusalNamesTheRemedy() throws Exception {
        Path old = Files.writeString(dir.resolve("operation.json"), "{\"activityId\":\"a1\",\"finished\":false}");

        JournalFormatException refused = org.junit.jupiter.api.Assertions.assertThrows(JournalFormatException.class,
                () -> JournalRefusal.setAsideEarlierFormat(old, json -> !json.get("finished").getAsBoolean()));
        assertThat(JournalRefusal.line("container-update-agent", refused)).isEqualTo("container-update-agent does "
                + "not start: journal " + old + " is in the format of an earlier version (one JSON document), which "
                + "this version does not read, and holds an open activity 'a1'; to start without the journals (an "
                + "open activity in them is given up), stop the services and run deploy/reset-journals.sh, which "
                + "moves them aside");
        assertThat(old).exists();
    }

    @Test
    void aJournalOfAnEarlierFormatWithNothingOpenIsSetAsideSoThatTheServiceStarts() throws Exception {
        Path old = Files.writeString(dir.resolve("operation.json"), "{\"activityId\":\"a1\",\"finished\":true}");

        JournalRefusal.setAsideEarlierFormat(old, json -> !json.get("finished").getAsBoolean());

        assertThat(old).doesNotExist();
        assertThat(dir.resolve("operation.json.earlier-format")).hasContent("{\"activityId\":\"a1\",\"finished\":true}");
        assertThatCode(() -> JournalRefusal.setAsideEarlierFormat(dir.resolve("absent.json"), json -> true))
                .as("no file, nothing to do").doesNotThrowAnyException();
    }
}

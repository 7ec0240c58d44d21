package org.vehicleupdate.kit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    enum Phase { DOWNLOAD, UPDATE }

    sealed interface Entry permits Started, Moved {
    }

    record Started(String activityId, List<String> domains) implements Entry {
    }

    record Moved(String activityId, Phase phase, long at) implements Entry {
    }

    /** Version 2 added {@code at} to "moved"; version 1 records read with at = 0. */
    static final class Codec implements RecordCodec<Entry> {
        @Override
        public int version() {
            return 2;
        }

        @Override
        public String type(Entry record) {
            return record instanceof Started ? "started" : "moved";
        }

        @Override
        public void write(Entry record, RecordWriter fields) {
            if (record instanceof Started started) {
                fields.text("activityId", started.activityId()).texts("domains", started.domains());
            } else if (record instanceof Moved moved) {
                fields.text("activityId", moved.activityId()).enumValue("phase", moved.phase()).number("at", moved.at());
            }
        }

        @Override
        public Entry read(String type, int version, RecordReader fields) {
            Entry entry = switch (type) {
                case "started" -> new Started(fields.text("activityId"), fields.texts("domains"));
                case "moved" -> new Moved(fields.text("activityId"), fields.enumValue("phase", Phase.class),
                        version >= 2 ? fields.number("at") : 0);
                default -> throw fields.unknownType(type);
            };
            fields.end();
            return entry;
        }
    }

    @TempDir
    Path dir;

    private Journal<Entry> open() {
        return Journal.open(dir.resolve("test.journal"), "test-service", new Codec());
    }

    @Test
    void appendedRecordsAreReadByTheNextProcessInOrder() {
        try (Journal<Entry> journal = open()) {
            journal.append(new Started("a1", List.of("containers", "self-update")));
            journal.append(new Moved("a1", Phase.DOWNLOAD, 5));
        }

        try (Journal<Entry> again = open()) {
            assertThat(again.records()).containsExactly(
                    new Started("a1", List.of("containers", "self-update")), new Moved("a1", Phase.DOWNLOAD, 5));
        }
    }

    @Test
    void recordsWrittenTogetherAndSyncedOnceAreReadLikeAppendedOnes() throws Exception {
        try (Journal<Entry> journal = open()) {
            journal.write(new Moved("a1", Phase.DOWNLOAD, 1));
            journal.write(new Moved("a1", Phase.UPDATE, 2));
            journal.sync();
            journal.sync();
            journal.append(new Moved("a1", Phase.UPDATE, 3));
            assertThat(journal.size()).isEqualTo(Files.size(dir.resolve("test.journal")));
        }

        try (Journal<Entry> again = open()) {
            assertThat(again.records()).containsExactly(new Moved("a1", Phase.DOWNLOAD, 1),
                    new Moved("a1", Phase.UPDATE, 2), new Moved("a1", Phase.UPDATE, 3));
        }
        // the checksum is written as eight hex digits, zero-padded
        assertThat(Files.readAllLines(dir.resolve("test.journal"))).allMatch(l -> l.matches("[0-9a-f]{8} \\{.*"));
    }

    @Test
    void aNewJournalHasNoRecordsAndNamesItsService() throws Exception {
        try (Journal<Entry> journal = open()) {
            assertThat(journal.records()).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("test.journal")))
                .endsWith(" {\"journal\":\"test-service\",\"format\":1}\n");
    }

    @Test
    void aRewriteKeepsOnlyWhatTheServiceStillNeedsAndAppendsFollowIt() throws Exception {
        try (Journal<Entry> journal = open()) {
            journal.append(new Started("a1", List.of("containers")));
            journal.append(new Moved("a1", Phase.DOWNLOAD, 1));
            journal.append(new Moved("a1", Phase.UPDATE, 2));
            journal.rewrite(List.of(new Started("a1", List.of("containers")), new Moved("a1", Phase.UPDATE, 2)));
            journal.append(new Moved("a1", Phase.UPDATE, 3));
            assertThat(journal.size()).isEqualTo(Files.size(dir.resolve("test.journal")));
        }

        try (Journal<Entry> again = open()) {
            assertThat(again.records()).containsExactly(new Started("a1", List.of("containers")),
                    new Moved("a1", Phase.UPDATE, 2), new Moved("a1", Phase.UPDATE, 3));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(dir.resolve("test.journal"));
        }
    }

    @Test
    void aLastRecordTornByAPowerCutIsDroppedAndLaterRecordsAreKept() throws Exception {
        try (Journal<Entry> journal = open()) {
            journal.append(new Started("a1", List.of("containers")));
        }
        Files.writeString(dir.resolve("test.journal"), "1a2b3c4d {\"v\":2,\"type\":\"mo",
                StandardOpenOption.APPEND);

        try (Journal<Entry> journal = open()) {
            assertThat(journal.records()).containsExactly(new Started("a1", List.of("containers")));
            journal.append(new Moved("a1", Phase.DOWNLOAD, 7));
        }
        try (Journal<Entry> again = open()) {
            assertThat(again.records()).containsExactly(new Started("a1", List.of("containers")),
                    new Moved("a1", Phase.DOWNLOAD, 7));
        }
    }

    @Test
    void aCompleteLastLineWithAWrongChecksumCountsAsTorn() throws Exception {
        try (Journal<Entry> journal = open()) {
            journal.append(new Started("a1", List.of()));
        }
        Files.writeString(dir.resolve("test.journal"), "00000000 {\"v\":2,\"type\":\"moved\"}\n",
                StandardOpenOption.APPEND);

        try (Journal<Entry> journal = open()) {
            assertThat(journal.records()).containsExactly(new Started("a1", List.of()));
        }
    }

    @Test
    void damageBeforeTheLastRecordIsRefusedNamingTheLine() throws Exception {
        try (Journal<Entry> journal = open()) {
            journal.append(new Started("a1", List.of()));
            journal.append(new Moved("a1", Phase.DOWNLOAD, 1));
        }
        Path file = dir.resolve("test.journal");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("a1", "a2"), lines.get(2)));

        assertThatThrownBy(this::open).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("line 2 is damaged");
    }

    @Test
    void aRecordOfANewerVersionIsRefusedNotDropped() throws Exception {
        write("{\"journal\":\"test-service\",\"format\":1}", "{\"v\":3,\"type\":\"moved\",\"record\":{}}");

        assertThatThrownBy(this::open).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("line 2: record 'moved' has version 3; this version of the service reads"
                        + " versions 1 to 2");
    }

    @Test
    void anUnknownFieldIsRefusedNamingIt() throws Exception {
        write("{\"journal\":\"test-service\",\"format\":1}",
                "{\"v\":2,\"type\":\"moved\",\"record\":{\"activityId\":\"a1\",\"phase\":\"UPDATE\",\"at\":1,"
                        + "\"retries\":3}}");

        assertThatThrownBy(this::open).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("line 2, record 'moved' v2: unknown field 'retries'");
    }

    @Test
    void anUnknownRecordTypeAndAWrongValueAreRefused() throws Exception {
        write("{\"journal\":\"test-service\",\"format\":1}", "{\"v\":2,\"type\":\"paused\",\"record\":{}}");
        assertThatThrownBy(this::open).hasMessageContaining("unknown record type 'paused'");

        write("{\"journal\":\"test-service\",\"format\":1}",
                "{\"v\":2,\"type\":\"moved\",\"record\":{\"activityId\":\"a1\",\"phase\":\"REBOOT\",\"at\":1}}");
        assertThatThrownBy(this::open).hasMessageContaining("field 'phase' has an unknown value 'REBOOT'");
    }

    @Test
    void anotherServicesJournalIsNotReadAsThisOnes() throws Exception {
        write("{\"journal\":\"update-manager\",\"format\":1}");

        assertThatThrownBy(this::open).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("this is the journal of 'update-manager', not of 'test-service'");
    }

    @Test
    void theFileWrittenByEarlierVersionsIsStillRead() throws Exception {
        // test-service.journal was written by version 1 of the codec and is kept as it was
        Files.copy(Path.of("src/test/resources/journal/test-service.journal"), dir.resolve("test.journal"));

        try (Journal<Entry> journal = open()) {
            assertThat(journal.records()).containsExactly(new Started("a1", List.of("containers", "self-update")),
                    new Moved("a1", Phase.DOWNLOAD, 0));
        }
    }

    private void write(String... jsonLines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String json : jsonLines) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(json.getBytes(StandardCharsets.UTF_8));
            text.append(String.format("%08x ", crc.getValue())).append(json).append('\n');
        }
        Files.writeString(dir.resolve("test.journal"), text);
    }
}

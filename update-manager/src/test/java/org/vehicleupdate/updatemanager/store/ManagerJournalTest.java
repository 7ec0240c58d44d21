package org.vehicleupdate.updatemanager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Baseline;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.updatemanager.core.ActivityPlan;
import org.vehicleupdate.updatemanager.core.ActivityProgress;
import org.vehicleupdate.updatemanager.core.CleanupState;
import org.vehicleupdate.updatemanager.core.DomainProgress;
import org.vehicleupdate.updatemanager.core.DomainState;
import org.vehicleupdate.updatemanager.core.Failure;
import org.vehicleupdate.updatemanager.core.JournalEntry;
import org.vehicleupdate.updatemanager.core.JournalReplay;
import org.vehicleupdate.updatemanager.core.OrchestrationPhase;
import org.vehicleupdate.updatemanager.trust.SequenceRecord;

class ManagerJournalTest {
    private static final Path FIXTURE = Path.of("src/test/resources/journal/update-manager.journal");

    @TempDir
    Path dir;

    @Test
    void everyKindOfRecordIsReadBackAsItWasWritten() {
        DesiredState desired = new DesiredState(List.of(new Baseline("base", "", "", List.of("self-update:os"))),
                List.of(new Domain("self-update", List.of(new KeyValue("k", "v")), List.of(new Component("os", "3.0",
                        List.of(new KeyValue("image", "http://bundles/os-3.0.raucb")))))));
        ActivityPlan plan = new ActivityPlan("a1", desired, 1234, List.of("self-update", "containers"), List.of("navigation"),
                Map.of("self-update:os", "2.0"));
        ActivityProgress progress = new ActivityProgress(OrchestrationPhase.UPDATE, List.of(
                new DomainProgress("self-update", DomainState.UPDATED, CleanupState.NOT_SENT, Optional.empty()),
                new DomainProgress("containers", DomainState.FAILED, CleanupState.CLEANING, Optional.of(
                        new Failure(OrchestrationPhase.UPDATE, Status.UPDATE_FAILURE, "disk full")))),
                Optional.of(Command.ACTIVATE), List.of("domain 'containers' failed in UPDATE"), true, "boot-1",
                "boot-2");
        List<Action> actions = List.of(new Action(new ComponentRef("self-update:os", "3.0"),
                ActionStatus.UPDATE_SUCCESS, 100, "written"));
        List<JournalEntry> entries = List.of(new JournalEntry.Opened(plan),
                new JournalEntry.Moved("a1", progress, actions), new JournalEntry.Moved("a1", progress, List.of()),
                new JournalEntry.Finished("a1", DesiredStateFeedback.of(Status.INCOMPLETE, "why", actions)),
                new JournalEntry.Announced("a1"));
        try (ManagerJournal journal = new ManagerJournal(dir)) {
            entries.forEach(journal::append);
        }

        try (ManagerJournal again = new ManagerJournal(dir)) {
            assertThat(again.entries()).containsExactlyElementsOf(entries);
        }
    }

    @Test
    void theJournalOfAnEarlierBuildIsStillRead() throws Exception {
        // written by the first version of the records: an activity rolled back and finished, and one whose reboot
        // was issued; kept as it was
        Files.copy(FIXTURE, dir.resolve(ManagerJournal.FILE_NAME));

        try (ManagerJournal journal = new ManagerJournal(dir)) {
            JournalReplay replay = JournalReplay.of(journal.entries(), 20);

            assertThat(replay.recent()).singleElement().satisfies(f -> {
                assertThat(f.activityId()).isEqualTo("f1-rolled-back");
                assertThat(f.feedback().status()).isEqualTo(Status.INCOMPLETE);
                assertThat(f.announced()).isTrue();
            });
            assertThat(replay.open()).hasValueSatisfying(open -> {
                assertThat(open.activityId()).isEqualTo("a2-rebooting");
                assertThat(open.phase()).isEqualTo(OrchestrationPhase.AWAITING_REBOOT);
                assertThat(open.progress().rebootIssued()).isTrue();
                assertThat(open.progress().domains()).extracting(DomainProgress::state)
                        .containsExactly(DomainState.ACTIVATED, DomainState.ACTIVATED);
                assertThat(open.plan().desiredState().domains()).extracting(Domain::id)
                        .containsExactly("containers", "self-update");
            });
            assertThat(replay.actions()).extracting(a -> a.component().id())
                    .containsExactly("containers:app", "self-update:app");
        }
    }

    @Test
    void aCompactedJournalHoldsTheSameStateInFewerRecords() throws Exception {
        Files.copy(FIXTURE, dir.resolve(ManagerJournal.FILE_NAME));
        JournalReplay before;
        try (ManagerJournal journal = new ManagerJournal(dir)) {
            before = JournalReplay.of(journal.entries(), 20);
            journal.rewrite(before.entries());
            assertThat(journal.size()).isLessThan(Files.size(FIXTURE));
        }

        try (ManagerJournal again = new ManagerJournal(dir)) {
            assertThat(again.entries()).hasSize(4);
            assertThat(JournalReplay.of(again.entries(), 20)).isEqualTo(before);
        }
    }

    @Test
    void aFieldWrittenByANewerVersionIsRefusedNamingTheFileTheLineAndTheField() throws Exception {
        write("{\"journal\":\"update-manager\",\"format\":1}",
                "{\"v\":1,\"type\":\"announced\",\"record\":{\"activityId\":\"a1\",\"announcedAt\":5}}");

        assertThatThrownBy(() -> new ManagerJournal(dir).open()).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining(dir.resolve(ManagerJournal.FILE_NAME) + " line 2")
                .hasMessageContaining("unknown field 'announcedAt' (written by a newer version?)");
    }

    @Test
    void aRecordOfANewerVersionIsRefused() throws Exception {
        write("{\"journal\":\"update-manager\",\"format\":1}",
                "{\"v\":2,\"type\":\"announced\",\"record\":{\"activityId\":\"a1\"}}");

        assertThatThrownBy(() -> new ManagerJournal(dir).open()).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 'announced' has version 2; this version of the service reads"
                        + " versions 1 to 1");
    }

    @Test
    void aMoveOfAnActivityThatIsNotOpenIsRefusedRatherThanMisread() throws Exception {
        Files.copy(FIXTURE, dir.resolve(ManagerJournal.FILE_NAME));
        List<String> lines = Files.readAllLines(dir.resolve(ManagerJournal.FILE_NAME));
        // the record that opened a2-rebooting is lost
        Files.write(dir.resolve(ManagerJournal.FILE_NAME), lines.stream()
                .filter(l -> !l.contains("\"type\":\"opened\",\"record\":{\"activityId\":\"a2")).toList());

        try (ManagerJournal journal = new ManagerJournal(dir)) {
            assertThatThrownBy(() -> JournalReplay.of(journal.entries(), 20))
                    .isInstanceOf(JournalFormatException.class)
                    .hasMessageContaining("moves activity 'a2-rebooting', which is not open");
        }
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

    @Test
    void theTrustGatesLastSequenceIsJournaledWithTheActivitiesAndSurvivesACompaction() {
        SequenceRecord accepted = new SequenceRecord("root-digest", 57, "7f3c", "sig-sha", 2);
        try (ManagerJournal journal = new ManagerJournal(dir).open()) {
            journal.append(new JournalEntry.Announced("a0"));
            journal.save(accepted);
            journal.rewrite(List.of(new JournalEntry.Announced("a0")));
        }

        try (ManagerJournal again = new ManagerJournal(dir).open()) {
            assertThat(again.load()).contains(accepted);
            assertThat(again.entries()).containsExactly(new JournalEntry.Announced("a0"));
        }
    }

    @Test
    void theJournalOfAnEarlierVersionIsSetAsideWhenNothingWasOpenInIt() throws Exception {
        Files.writeString(dir.resolve("update-manager.journal.json"), "{\"recent\":[]}");

        try (ManagerJournal journal = new ManagerJournal(dir).open()) {
            assertThat(journal.entries()).isEmpty();
        }
        assertThat(dir.resolve("update-manager.journal.json.earlier-format")).exists();
    }

    @Test
    void theJournalOfAnEarlierVersionWithAnOpenActivityIsRefused() throws Exception {
        Files.writeString(dir.resolve("update-manager.journal.json"), "{\"active\":{\"activityId\":\"a9\"},"
                + "\"recent\":[]}");

        assertThatThrownBy(() -> new ManagerJournal(dir).open()).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("update-manager.journal.json is in the format of an earlier version");
    }
}

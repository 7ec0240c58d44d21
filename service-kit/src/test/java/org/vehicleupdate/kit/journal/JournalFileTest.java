package org.vehicleupdate.kit.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFileTest {
    record Activity(String activityId, String phase, List<String> domains) {
    }

    @TempDir
    Path dir;

    @Test
    void whatWasSavedIsLoadedByTheNextProcess() {
        new JournalFile<>(dir.resolve("activity.json"), Activity.class)
                .save(new Activity("a1", "UPDATE", List.of("containers", "self-update")));

        Optional<Activity> loaded = new JournalFile<>(dir.resolve("activity.json"), Activity.class).load();

        assertEquals(Optional.of(new Activity("a1", "UPDATE", List.of("containers", "self-update"))), loaded);
    }

    @Test
    void noJournalMeansNoActivity() {
        assertEquals(Optional.empty(), new JournalFile<>(dir.resolve("none.json"), Activity.class).load());
    }

    @Test
    void aSaveLeavesNoTemporaryFileBehind() throws Exception {
        JournalFile<Activity> journal = new JournalFile<>(dir.resolve("activity.json"), Activity.class);
        journal.save(new Activity("a1", "DOWNLOAD", List.of()));
        journal.save(new Activity("a1", "UPDATE", List.of()));

        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("activity.json")), files.toList());
        }
    }

    @Test
    void aDamagedJournalIsMovedAsideAndDoesNotBlockTheService() throws Exception {
        Files.writeString(dir.resolve("activity.json"), "{\"activityId\": \"a1\", \"pha");
        JournalFile<Activity> journal = new JournalFile<>(dir.resolve("activity.json"), Activity.class);

        assertEquals(Optional.empty(), journal.load());
        assertTrue(Files.exists(dir.resolve("activity.json.unreadable")));
        assertEquals(Optional.empty(), journal.load());
    }

    @Test
    void aClearedJournalIsGone() {
        JournalFile<Activity> journal = new JournalFile<>(dir.resolve("activity.json"), Activity.class);
        journal.save(new Activity("a1", "DOWNLOAD", List.of()));

        journal.clear();

        assertEquals(Optional.empty(), journal.load());
    }
}

package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.updatemanager.store.ManagerJournal;

/** A journal that an earlier build wrote is resumed by this one: what the vehicle sees goes on where it stopped. */
class JournalResumeTest {
    @TempDir
    Path dir;

    @Test
    void anActivityWhoseRebootWasIssuedByAnEarlierBuildIsVerifiedAndCompleted() throws Exception {
        Files.copy(Path.of("src/test/resources/journal/update-manager.journal"),
                dir.resolve(ManagerJournal.FILE_NAME));
        Harness h = new Harness(dir, Harness.settings());

        h.orchestrator.start();
        h.agents.deliver();

        assertThat(h.outbox.feedbackActivities).containsOnly("a2-rebooting");
        assertThat(h.outbox.feedback).extracting(DesiredStateFeedback::message)
                .contains("verifying the activation after the reboot");
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(h.outbox.commands()).containsSubsequence("self-update ACTIVATE", "containers CLEANUP",
                "self-update CLEANUP");

        h.orchestrator.onDesiredState("f1-rolled-back", Harness.desired("containers"));
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).isEqualTo("the update process is incompleted: domain 'containers'"
                + " failed in UPDATE (UPDATE_FAILURE: disk full); rolled back: containers");
        assertThat(h.outbox.commands()).doesNotContain("containers desiredstate");
        assertThat(List.of(h.outbox.last().actions().size())).containsExactly(1);
    }
}

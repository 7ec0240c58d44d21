package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.updatemanager.store.ManagerJournal;

/**
 * A domain that had rebooted into its new version is rolled back: the final status must be the vehicle's state,
 * so the manager reboots back, checks that the previous version runs, and only then cleans up and ends.
 */
class RollbackRebootTest {
    @TempDir
    Path dir;
    private Harness before;

    /** self-update runs app 1.0 and is updated to 2.0; the vehicle rebooted into 2.0, where ACTIVATE fails. */
    @BeforeEach
    void rebootIntoTheNewVersionThatThenFails() {
        before = new Harness(dir, Harness.settings());
        before.agents.script("self-update").version = "1.0";
        before.inventory.collect("initial");
        before.agents.deliver();
        before.apply("a1", Harness.desired("containers", "self-update"));
        before.time.advance(Duration.ofSeconds(30));
        before.agents.drop();
    }

    private Harness newBoot(Harness previous) {
        Harness next = previous.restarted();
        next.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        next.agents.script("self-update").answersCurrentState = false;
        next.orchestrator.start();
        next.agents.deliver();
        return next;
    }

    private static void activationFails(Harness h) {
        h.orchestrator.onAgentFeedback("self-update", "a1",
                DesiredStateFeedback.of(Status.ACTIVATION_FAILURE, "booted slot A, expected B", List.of()));
        h.agents.deliver();
    }

    @Test
    void theManagerRebootsBackAndEndsOnlyWhenThePreviousVersionRunsAgain() {
        Harness after = newBoot(before);
        activationFails(after);

        assertThat(after.outbox.commands()).contains("containers ROLLBACK", "self-update ROLLBACK")
                .doesNotContain("containers CLEANUP", "self-update CLEANUP");
        assertThat(after.outbox.last().status()).isEqualTo(Status.RUNNING);
        assertThat(after.outbox.last().message()).isEqualTo("domain 'self-update' failed in VERIFICATION"
                + " (ACTIVATION_FAILURE: booted slot A, expected B); rolled back: containers, self-update; the vehicle"
                + " will reboot in 30s to boot the previous version of self-update");
        after.time.advance(Duration.ofSeconds(30));
        assertThat(after.reboots).as("the same reboot command").isEqualTo(1);
        after.agents.drop();

        Harness back = before.restarted();
        back.agents.script("self-update").version = "1.0";
        back.orchestrator.start();
        back.agents.deliver();

        assertThat(back.outbox.feedback).extracting(DesiredStateFeedback::message)
                .contains("verifying that the previous version booted after the rollback");
        assertThat(back.outbox.commands()).containsExactly("containers CLEANUP", "self-update CLEANUP");
        assertThat(back.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(back.outbox.last().message()).isEqualTo("the update process is incompleted: domain 'self-update'"
                + " failed in VERIFICATION (ACTIVATION_FAILURE: booted slot A, expected B); rolled back: containers,"
                + " self-update; back on the previous version after a reboot: self-update");
        assertThat(back.reboots).isZero();
    }

    @Test
    void aBootloaderThatFellBackNeedsNoSecondReboot() {
        Harness after = before.restarted();
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        after.agents.script("self-update").version = "1.0"; // the new slot did not boot
        after.orchestrator.start();
        after.agents.deliver();
        activationFails(after);

        assertThat(after.reboots).isZero();
        assertThat(after.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(after.outbox.last().message()).endsWith("rolled back: containers, self-update");
    }

    @Test
    void aPowerCutThatBootedTheNewVersionDuringTheActivationIsUndoneByARebootBack() {
        // issue 9's power cut: the activation switched the boot order and the power cut booted the new version,
        // with no reboot command and no verification; the agent, restarted during ACTIVATE, fails it
        Harness h = new Harness(dir.resolve("cut"), Harness.settings());
        h.agents.script("self-update").version = "1.0";
        h.inventory.collect("initial");
        h.agents.deliver();
        h.orchestrator.onDesiredState("cut", Harness.desired("containers", "self-update"));
        while (!h.outbox.commands().contains("self-update ACTIVATE")) {
            h.agents.deliverOne();
        }
        h.agents.drop();

        Harness after = h.restarted();
        after.bootId = "boot-after-the-power-cut";
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        after.agents.script("self-update").version = "2.0"; // the new slot booted
        after.orchestrator.start();
        after.agents.deliver();
        after.orchestrator.onAgentFeedback("self-update", "cut", DesiredStateFeedback.of(Status.ACTIVATION_FAILURE,
                "The agent was restarted during ACTIVATE; rolled back", List.of()));
        after.agents.deliver();

        assertThat(after.outbox.feedback).extracting(DesiredStateFeedback::message)
                .contains("verifying that the previous version booted after the rollback");
        assertThat(after.orchestrator.activePhase()).contains(OrchestrationPhase.AWAITING_ROLLBACK_REBOOT);
        after.time.advance(Duration.ofSeconds(30));
        assertThat(after.reboots).isEqualTo(1);

        Harness back = h.restarted();
        back.bootId = "boot-after-the-reboot-back";
        back.agents.script("self-update").version = "1.0";
        back.orchestrator.start();
        back.agents.deliver();
        assertThat(back.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(back.outbox.last().message()).contains("domain 'self-update' failed in ACTIVATE")
                .endsWith("rolled back: containers, self-update; back on the previous version after a reboot:"
                        + " self-update");
    }

    @Test
    void aRollbackAfterAnActivationThatDidNotRebootNeedsNoRebootBack() {
        Harness h = new Harness(dir.resolve("no-reboot"), Harness.settings());
        h.agents.script("self-update").version = "1.0"; // activated, still running the old slot
        h.agents.script("containers").failOn = Command.ACTIVATE;
        h.inventory.collect("initial");
        h.agents.deliver();
        h.apply("nr", Harness.desired("containers", "self-update"));

        assertThat(h.reboots).isZero();
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).isEqualTo("the update process is incompleted: domain 'containers'"
                + " failed in ACTIVATE (ACTIVATION_FAILURE: disk full); rolled back: containers, self-update");
        assertThat(h.outbox.feedback).extracting(DesiredStateFeedback::message)
                .noneMatch(m -> m.contains("previous version"));
    }

    @Test
    void aVehicleThatComesBackOnTheWrongVersionSaysSoInTheFinalMessage() {
        Harness after = newBoot(before);
        activationFails(after);
        after.time.advance(Duration.ofSeconds(30));
        after.agents.drop();

        Harness back = before.restarted();
        back.agents.script("self-update").version = "2.0"; // the bootloader kept the new slot
        back.orchestrator.start();
        back.agents.deliver();

        assertThat(back.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(back.outbox.last().message()).contains("after the reboot into the previous version self-update"
                + " runs app 2.0 (expected 1.0)").doesNotContain("back on the previous version");
        assertThat(back.outbox.commands()).contains("self-update CLEANUP");
    }

    @Test
    void theRebootBackIsJournaledWithTheSameRebootIssuedRecordAsTheRebootForward() throws Exception {
        Harness after = newBoot(before);
        activationFails(after);
        after.time.advance(Duration.ofSeconds(30));

        List<String> lines = Files.readAllLines(dir.resolve(ManagerJournal.FILE_NAME));
        assertThat(lines.get(lines.size() - 1)).contains("\"phase\":\"AWAITING_ROLLBACK_REBOOT\"")
                .contains("\"rebootIssued\":true")
                .contains("{\"domain\":\"self-update\",\"state\":\"REBOOT_BACK_NEEDED\"");
    }

    @Test
    void aPowerCutBeforeTheRebootBackStillEndsWithThePreviousVersionVerified() {
        Harness after = newBoot(before);
        activationFails(after);
        after.agents.drop(); // the power goes before the reboot command ran

        Harness sameBoot = before.restarted();
        sameBoot.orchestrator.start();
        assertThat(sameBoot.orchestrator.activePhase()).contains(OrchestrationPhase.AWAITING_ROLLBACK_REBOOT);
        assertThat(sameBoot.outbox.last().message()).endsWith("the vehicle will reboot in 30s to boot the previous"
                + " version of self-update");
        sameBoot.time.advance(Duration.ofSeconds(30));
        assertThat(sameBoot.reboots).isEqualTo(1);

        Harness back = before.restarted();
        back.agents.script("self-update").version = "1.0";
        back.orchestrator.start();
        back.agents.deliver();
        assertThat(back.outbox.last().message()).endsWith("back on the previous version after a reboot: self-update");
    }

    @Test
    void aPowerCutThatAlreadyRestartedTheVehicleNeedsNoSecondReboot() {
        Harness after = newBoot(before);
        activationFails(after);
        after.agents.drop();

        Harness restarted = before.restarted();
        restarted.bootId = "boot-after-the-power-cut";
        restarted.agents.script("self-update").version = "1.0";
        restarted.orchestrator.start();
        restarted.agents.deliver();

        assertThat(restarted.reboots).isZero();
        assertThat(restarted.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(restarted.outbox.last().message()).endsWith("back on the previous version after a reboot:"
                + " self-update");
    }

    @Test
    void aPowerCutDuringTheRollbackRollsBackAgainBeforeTheRebootBack() {
        Harness after = newBoot(before);
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE, Command.ROLLBACK);
        activationFails(after);
        assertThat(after.orchestrator.activePhase()).contains(OrchestrationPhase.ROLLBACK);

        Harness again = before.restarted();
        again.orchestrator.start();
        again.agents.deliver();
        // a single answer inside a phase is not journaled: the phase command goes again to both
        assertThat(again.outbox.commands()).containsExactly("containers ROLLBACK", "self-update ROLLBACK");
        assertThat(again.orchestrator.activePhase()).contains(OrchestrationPhase.AWAITING_ROLLBACK_REBOOT);
    }

    @Test
    void aRebootBackThatDoesNotHappenEndsWithTheTruth() {
        Harness after = newBoot(before);
        activationFails(after);
        after.time.advance(Duration.ofSeconds(30));
        after.time.advance(Duration.ofMinutes(10));
        after.agents.deliver();

        assertThat(after.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(after.outbox.last().message()).contains("the vehicle did not restart within 10m0s of the reboot"
                + " command that was to boot the previous version");
    }
}

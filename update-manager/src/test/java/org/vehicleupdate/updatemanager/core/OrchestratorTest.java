package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

class OrchestratorTest {
    @TempDir
    Path dir;

    private Harness noRebootHarness() {
        return new Harness(dir, Harness.noReboot(Harness.settings()));
    }

    @Test
    void twoDomainUpdateRunsEveryPhaseAndCompletes() {
        Harness h = noRebootHarness();
        h.apply("a1", Harness.desired("containers", "self-update"));

        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.RUNNING,
                Status.COMPLETED);
        assertThat(h.outbox.commands()).containsExactly(
                "containers desiredstate", "self-update desiredstate",
                "containers DOWNLOAD", "self-update DOWNLOAD", "containers UPDATE", "self-update UPDATE",
                "containers ACTIVATE", "self-update ACTIVATE", "containers CLEANUP", "self-update CLEANUP");
        assertThat(h.outbox.last().actions()).extracting(a -> a.component().id())
                .containsExactly("containers:app", "self-update:app");
        assertThat(h.outbox.currentStateActivities).containsExactly("a1");
    }

    @Test
    void anAgentThatAnnouncesItselfAfterARestartGetsWhatItHasNotAnsweredAgain() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers", "self-update"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.IDENTIFIED, "containers"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.IDENTIFIED, "self-update"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.DOWNLOAD_SUCCESS, "containers"));
        int before = h.outbox.commands().size();

        // self-update restarted (its broker session lost the DOWNLOAD) and publishes its first inventory
        h.orchestrator.onAgentCurrentState("self-update", "initial-current-state-1", h.time.millis(),
                h.agents.inventory("self-update"));
        h.orchestrator.onAgentCurrentState("containers", "initial-current-state-2", h.time.millis(),
                h.agents.inventory("containers"));

        assertThat(h.outbox.commands().subList(before, h.outbox.commands().size()))
                .as("only what is still unanswered goes again").containsExactly("self-update DOWNLOAD");
    }

    @Test
    void eachAgentGetsOnlyItsOwnDomain() {
        Harness h = noRebootHarness();
        h.apply("a1", Harness.desired("containers", "self-update"));
        assertThat(h.agents.received).allSatisfy(part -> assertThat(part.domains()).hasSize(1));
    }

    @Test
    void nextPhaseWaitsForEveryDomain() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers", "self-update"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.IDENTIFIED, "containers"));
        assertThat(h.outbox.commands()).noneMatch(c -> c.endsWith("DOWNLOAD"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.IDENTIFIED, "self-update"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.DOWNLOAD_SUCCESS, "containers"));
        assertThat(h.outbox.commands()).noneMatch(c -> c.endsWith("UPDATE"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.DOWNLOAD_SUCCESS, "self-update"));
        assertThat(h.outbox.commands()).contains("containers UPDATE", "self-update UPDATE");
    }

    @Test
    void noActionsAnywhereCompletesWithoutAnyCommand() {
        Harness h = noRebootHarness();
        h.agents.script("containers").noActions = true;
        h.apply("a1", Harness.desired("containers"));
        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.COMPLETED);
        assertThat(h.outbox.commands()).containsExactly("containers desiredstate");
    }

    @Test
    void domainWithoutActionsIsDoneAtOnceAndGetsNoCommands() {
        Harness h = noRebootHarness();
        h.agents.script("self-update").noActions = true;
        h.apply("a1", Harness.desired("containers", "self-update"));
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(h.outbox.commands()).filteredOn(c -> c.startsWith("self-update"))
                .containsExactly("self-update desiredstate");
    }

    @Test
    void unsupportedDomainIsSkippedWithAWarning() {
        Harness h = noRebootHarness();
        h.apply("a1", Harness.desired("containers", "navigation"));
        assertThat(h.outbox.feedback.get(0).message()).contains("navigation");
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(h.outbox.commands()).noneMatch(c -> c.startsWith("navigation"));
    }

    @Test
    void noSupportedDomainEndsIncompleteAtOnce() {
        Harness h = noRebootHarness();
        h.apply("a1", Harness.desired("navigation"));
        assertThat(h.outbox.statuses()).containsExactly(Status.INCOMPLETE);
        assertThat(h.outbox.last().message())
                .isEqualTo("the desired state manifest does not contain any supported domain (no update agent for"
                        + " navigation)");
        assertThat(h.outbox.commands()).isEmpty();
    }

    @Test
    void identificationFailureEndsWithoutCommands() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers", "self-update"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1",
                DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, "image missing", List.of()));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.IDENTIFIED, "self-update"));
        assertThat(h.outbox.last().status()).isEqualTo(Status.IDENTIFICATION_FAILED);
        assertThat(h.outbox.last().message()).isEqualTo("[containers]: image missing");
        assertThat(h.outbox.commands()).containsExactly("containers desiredstate", "self-update desiredstate");
    }

    @Test
    void updateFailureRollsBackEveryDomainThatGotPastDownload() {
        Harness h = noRebootHarness();
        h.agents.script("containers").failOn = Command.UPDATE;
        h.apply("a1", Harness.desired("containers", "self-update"));

        assertThat(h.outbox.commands()).containsSubsequence("containers UPDATE", "self-update UPDATE",
                "containers ROLLBACK", "self-update ROLLBACK", "containers CLEANUP", "self-update CLEANUP");
        assertThat(h.outbox.commands()).doesNotContain("containers ACTIVATE", "self-update ACTIVATE");
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).isEqualTo("the update process is incompleted: domain 'containers'"
                + " failed in UPDATE (UPDATE_FAILURE: disk full); rolled back: containers, self-update");
    }

    @Test
    void failureOfTheLastDomainInAPhaseDoesNotWaitForTheTimeout() {
        Harness h = noRebootHarness();
        h.agents.script("self-update").failOn = Command.ACTIVATE;
        h.apply("a1", Harness.desired("containers", "self-update"));
        // containers answered ACTIVATE first, self-update failed last: the rollback follows without any timer
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.commands()).contains("containers ROLLBACK", "self-update ROLLBACK");
    }

    @Test
    void downloadFailureRollsBackWhatWasDownloadedAndUpdatesNothing() {
        Harness h = noRebootHarness();
        h.agents.script("self-update").failOn = Command.DOWNLOAD;
        h.apply("a1", Harness.desired("containers", "self-update"));
        assertThat(h.outbox.commands()).noneMatch(c -> c.endsWith(" UPDATE"));
        assertThat(h.outbox.commands()).contains("containers ROLLBACK", "containers CLEANUP", "self-update CLEANUP");
        assertThat(h.outbox.commands()).doesNotContain("self-update ROLLBACK");
        assertThat(h.outbox.last().message()).contains("domain 'self-update' failed in DOWNLOAD")
                .contains("rolled back: containers");
    }

    @Test
    void continuePolicyCleansUpTheFailedDomainAtOnceAndLetsTheOthersFinish() {
        Harness h = new Harness(dir, Harness.noReboot(Harness.settings(FailurePolicy.CONTINUE, Set.of())));
        h.agents.script("containers").failOn = Command.UPDATE;
        h.apply("a1", Harness.desired("containers", "self-update"));
        assertThat(h.outbox.commands()).noneMatch(c -> c.endsWith("ROLLBACK"));
        assertThat(h.outbox.commands()).containsSubsequence("containers UPDATE", "self-update UPDATE",
                "containers CLEANUP", "self-update ACTIVATE", "self-update CLEANUP");
        assertThat(h.outbox.commands()).doesNotContain("containers ACTIVATE");
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).startsWith("the update process is incompleted: domain 'containers'");
    }

    @Test
    void phaseTimeoutNamesTheSilentDomainAndRollsBack() {
        Harness h = noRebootHarness();
        h.agents.script("self-update").silentOn = Set.of(Command.UPDATE);
        h.apply("a1", Harness.desired("containers", "self-update"));
        assertThat(h.outbox.last().status()).isEqualTo(Status.RUNNING);
        h.time.advance(Duration.ofMinutes(10));
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).contains("no answer from self-update in phase UPDATE within 10m0s")
                .contains("rolled back: containers, self-update");
    }

    @Test
    void identificationTimeoutEndsIdentificationFailed() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        h.agents.drop();
        h.time.advance(Duration.ofMinutes(10));
        assertThat(h.outbox.last().status()).isEqualTo(Status.IDENTIFICATION_FAILED);
        assertThat(h.outbox.last().message())
                .isEqualTo("identification did not finish within 10m0s: no answer from containers");
    }

    @Test
    void cleanupTimeoutStillEndsTheUpdate() {
        Harness h = noRebootHarness();
        h.agents.script("containers").silentOn = Set.of(Command.CLEANUP);
        h.apply("a1", Harness.desired("containers"));
        h.time.advance(Duration.ofMinutes(10));
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).contains("no answer from containers in phase CLEANUP");
        assertThat(h.orchestrator.activeActivityId()).isEmpty();
    }

    @Test
    void deniedDownloadConsentEndsIncompleteWithoutCommands() {
        Harness h = new Harness(dir, Harness.noReboot(
                Harness.settings(FailurePolicy.ROLLBACK_ALL, Set.of(Command.DOWNLOAD))));
        h.apply("a1", Harness.desired("containers"));
        assertThat(h.outbox.consentRequests).containsExactly(Command.DOWNLOAD);
        h.orchestrator.onOwnerConsent("a1", ConsentStatus.DENIED);
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).isEqualTo("owner approval not granted");
        assertThat(h.outbox.commands()).containsExactly("containers desiredstate");
    }

    @Test
    void updateConsentTimeoutRollsBackAndCleansUp() {
        Harness h = new Harness(dir, Harness.noReboot(
                Harness.settings(FailurePolicy.ROLLBACK_ALL, Set.of(Command.UPDATE))));
        h.apply("a1", Harness.desired("containers"));
        h.time.advance(Duration.ofMinutes(30));
        h.agents.deliver();
        assertThat(h.outbox.commands()).containsSubsequence("containers DOWNLOAD", "containers ROLLBACK",
                "containers CLEANUP");
        assertThat(h.outbox.commands()).doesNotContain("containers UPDATE");
        assertThat(h.outbox.last().message())
                .isEqualTo("the update process is incompleted: owner consent not granted in 30m0s;"
                        + " rolled back: containers");
    }

    @Test
    void waitingForConsentDoesNotCountAgainstThePhaseTimeout() {
        Harness h = new Harness(dir, Harness.noReboot(
                Harness.settings(FailurePolicy.ROLLBACK_ALL, Set.of(Command.ACTIVATE))));
        h.apply("a1", Harness.desired("containers"));
        h.time.advance(Duration.ofMinutes(25));
        h.orchestrator.onOwnerConsent("a1", ConsentStatus.APPROVED);
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void rebootAfterActivationThenVerifiedByTheAgentsOwnReport() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        assertThat(h.orchestrator.activePhase()).contains(OrchestrationPhase.AWAITING_REBOOT);
        assertThat(h.outbox.last().status()).isEqualTo(Status.RUNNING);
        assertThat(h.outbox.last().message()).contains("will reboot in 30s");
        assertThat(h.outbox.commands()).doesNotContain("containers CLEANUP");

        h.time.advance(Duration.ofSeconds(30));
        assertThat(h.reboots).isEqualTo(1);
        h.agents.drop(); // the reboot ends everything in flight

        Harness after = h.restarted();
        after.orchestrator.start();
        after.agents.deliver();
        assertThat(after.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(after.outbox.commands()).containsSubsequence("self-update ACTIVATE", "containers CLEANUP",
                "self-update CLEANUP");
    }

    @Test
    void whatAgentsSayBetweenTheRebootCommandAndTheRestartVerifiesNothing() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        assertThat(h.reboots).isEqualTo(1);

        // systemctl reboot has returned, the vehicle is not down yet, the agent still runs the old OS
        h.orchestrator.onAgentFeedback("self-update", "a1",
                DesiredStateFeedback.of(Status.ACTIVATION_SUCCESS, "a reboot is required", List.of()));
        h.agents.deliver();

        assertThat(h.orchestrator.activePhase()).contains(OrchestrationPhase.AWAITING_REBOOT);
        assertThat(h.outbox.commands()).doesNotContain("containers CLEANUP", "self-update CLEANUP");
    }

    @Test
    void aRebootThatDoesNotHappenRollsBackAfterThePhaseTimeout() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        assertThat(h.reboots).isEqualTo(1);

        h.time.advance(Duration.ofMinutes(10));
        h.agents.deliver();

        assertThat(h.outbox.commands()).contains("containers ROLLBACK", "self-update ROLLBACK");
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).contains("the vehicle did not restart within 10m0s of the reboot"
                + " command");
    }

    @Test
    void managerRestartedByTheRebootResumesAndVerifiesThroughTheCurrentState() {
        Harness h = new Harness(dir, Harness.settings());
        h.agents.script("self-update").silentOn = Set.of();
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        h.agents.drop(); // the reboot killed everything in flight

        Harness after = h.restarted();
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE); // a Kanto-like agent
        after.orchestrator.start();
        after.agents.deliver();
        assertThat(after.outbox.southbound).contains("containers currentstate/get", "self-update currentstate/get");
        assertThat(after.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(after.reboots).isZero();
    }

    @Test
    void inventoryFromBeforeTheRebootDoesNotVerifyAnything() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        h.agents.drop();
        Harness after = h.restarted();
        after.agents.script("containers").answersCurrentState = false;
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        after.orchestrator.start();
        after.agents.deliver();
        long beforeReboot = after.time.millis() - 60_000;
        after.orchestrator.onAgentCurrentState("containers", "", beforeReboot, after.agents.inventory("containers"));
        assertThat(after.orchestrator.activePhase()).contains(OrchestrationPhase.VERIFICATION);
        after.orchestrator.onAgentCurrentState("containers", "", after.time.millis(),
                after.agents.inventory("containers"));
        after.agents.deliver();
        assertThat(after.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void verificationTimeoutNamesTheUnconfirmedDomainsAndRollsBack() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        h.agents.drop();
        Harness after = h.restarted();
        after.agents.script("self-update").answersCurrentState = false;
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        after.orchestrator.start();
        after.agents.deliver();
        after.time.advance(Duration.ofMinutes(10));
        after.agents.deliver();
        // self-update had booted its new version: the rollback ends only after the reboot back into the old one
        after.time.advance(Duration.ofSeconds(30));
        after.agents.drop();
        Harness back = after.restarted();
        back.agents.script("self-update").version = "1.0";
        back.orchestrator.start();
        back.agents.deliver();
        assertThat(back.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(back.outbox.last().message())
                .contains("no answer from self-update in phase VERIFICATION within 10m0s")
                .contains("rolled back: containers, self-update");
    }

    @Test
    void activationFailureAfterRebootRollsBackAllDomains() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        h.agents.drop();
        Harness after = h.restarted();
        after.agents.script("self-update").answersCurrentState = false;
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        after.orchestrator.start();
        after.agents.deliver();
        after.orchestrator.onAgentFeedback("self-update", "a1",
                DesiredStateFeedback.of(Status.ACTIVATION_FAILURE, "booted slot A, expected B", List.of()));
        after.agents.deliver();
        assertThat(after.outbox.commands()).contains("containers ROLLBACK", "self-update ROLLBACK");
        assertThat(after.outbox.last().message()).contains("domain 'self-update' failed in VERIFICATION")
                .contains("booted slot A, expected B");
        after.time.advance(Duration.ofSeconds(30));
        assertThat(after.reboots).as("a reboot brings the previous OS back").isEqualTo(1);
    }

    @Test
    void theReasonOfAFailureIncludesTheCauseALedaAgentPutsInItsFailedAction() {
        Harness h = new Harness(dir, Harness.settings());
        h.apply("a1", Harness.desired("containers", "self-update"));
        h.time.advance(Duration.ofSeconds(30));
        h.agents.drop();
        Harness after = h.restarted();
        after.agents.script("self-update").answersCurrentState = false;
        after.agents.script("self-update").silentOn = Set.of(Command.ACTIVATE);
        after.orchestrator.start();
        after.agents.deliver();
        String cause = "Self-update agent has failed to activate the new OS image. rootfs.1 (B) was activated, but the"
                + " system booted from rootfs.0 (A): the bootloader fell back.";
        after.orchestrator.onAgentFeedback("self-update", "a1", DesiredStateFeedback.of(Status.ACTIVATION_FAILURE,
                "Self-update agent has failed to activate the new OS image.", List.of(new Action(
                        new ComponentRef("self-update:os-image", "1.1"), ActionStatus.UPDATE_FAILURE, 0, cause))));
        after.agents.deliver();

        assertThat(after.outbox.last().message()).contains("(ACTIVATION_FAILURE: " + cause + ")");
    }

    @Test
    void statusesThatDoNotFitThePhaseChangeNothing() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers", "self-update"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.IDENTIFIED, "containers"));
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.IDENTIFICATION_FAILED, "containers"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.DOWNLOAD_SUCCESS, "self-update"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.CLEANUP_SUCCESS, "self-update"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.RUNNING, "self-update"));
        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFYING);
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.IDENTIFIED, "self-update"));
        h.agents.drop();
        assertThat(h.outbox.commands()).contains("containers DOWNLOAD", "self-update DOWNLOAD");
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.UPDATE_SUCCESS, "containers"));
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.ACTIVATION_FAILURE, "containers"));
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.ROLLBACK_SUCCESS, "containers"));
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.DOWNLOADING, "containers"));
        assertThat(h.orchestrator.activePhase()).contains(OrchestrationPhase.DOWNLOAD);
        assertThat(h.outbox.statuses()).doesNotContain(Status.INCOMPLETE);
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.DOWNLOAD_SUCCESS, "containers"));
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.DOWNLOAD_SUCCESS, "containers"));
        assertThat(h.outbox.commands()).noneMatch(c -> c.endsWith(" UPDATE"));
        h.orchestrator.onAgentFeedback("self-update", "a1", ok(Status.DOWNLOAD_SUCCESS, "self-update"));
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void agentThatReportsIncompleteInAPhaseHasFailedIt() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.IDENTIFIED, "containers"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1",
                DesiredStateFeedback.of(Status.INCOMPLETE_INCONSISTENT, "pull failed", List.of()));
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).contains("failed in DOWNLOAD (INCOMPLETE: pull failed)");
    }

    @Test
    void rebootDisabledWaitsForTheNextVehicleStart() {
        Harness h = new Harness(dir, Harness.rebootDisabled(Harness.settings()));
        h.apply("a1", Harness.desired("self-update"));
        h.time.advance(Duration.ofHours(1));
        assertThat(h.reboots).isZero();
        assertThat(h.outbox.last().message()).contains("reboot required, automatic reboot disabled");
        h.orchestrator.onDesiredState("a2", Harness.desired("containers"));
        assertThat(h.outbox.last().message()).isEqualTo("Another update activity in progress - a1");

        Harness sameBoot = h.restarted();
        sameBoot.orchestrator.start();
        assertThat(sameBoot.orchestrator.activePhase()).contains(OrchestrationPhase.AWAITING_REBOOT);

        Harness afterPowerCycle = h.restarted();
        afterPowerCycle.bootId = "boot-2";
        afterPowerCycle.orchestrator.start();
        afterPowerCycle.agents.deliver();
        assertThat(afterPowerCycle.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void failingRebootCommandRollsBack() {
        Harness h = new Harness(dir, Harness.settings());
        h.rebootFailure = "systemctl: not found";
        h.apply("a1", Harness.desired("self-update"));
        h.time.advance(Duration.ofSeconds(30));
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(h.outbox.last().message()).contains("reboot to finish the activation failed: systemctl: not found")
                .contains("rolled back: self-update");
    }

    @Test
    void repeatedDesiredStateIsAnsweredNotApplied() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        assertThat(h.outbox.commands()).containsExactly("containers desiredstate");
        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFYING);
        h.agents.deliver();
        int sent = h.outbox.commands().size();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        assertThat(h.outbox.commands()).hasSize(sent);
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void anotherDesiredStateWhileOneRunsIsRefused() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        h.orchestrator.onDesiredState("b2", Harness.desired("self-update"));
        assertThat(h.outbox.feedbackActivities).last().isEqualTo("b2");
        assertThat(h.outbox.last()).isEqualTo(DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                "Another update activity in progress - a1", List.of()));
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(h.outbox.commands()).noneMatch(c -> c.startsWith("self-update"));
    }

    @Test
    void restartInTheMiddleOfAPhaseResumesWithoutApplyingTwice() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers", "self-update"));
        // deliver until UPDATE was sent, then "kill" the manager: nothing more it would have done happens
        while (!h.outbox.commands().contains("self-update UPDATE")) {
            h.agents.deliverOne();
        }
        h.agents.drop();
        Harness after = h.restarted();
        after.orchestrator.start();
        after.agents.deliver();
        assertThat(after.outbox.commands()).doesNotContain("containers desiredstate", "containers DOWNLOAD")
                .contains("containers UPDATE", "self-update UPDATE");
        assertThat(after.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void eachMessageGoesOutWithTheMovesBeforeItOnTheDiskAndAnnouncedIsJournaledOnlyAfterTheFinalFeedbackWent()
            throws java.io.IOException {
        Harness h = noRebootHarness();
        Path file = dir.resolve(org.vehicleupdate.updatemanager.store.ManagerJournal.FILE_NAME);
        org.vehicleupdate.kit.journal.SyncPoint journal = h.outbox.journal;
        List<String> whenSent = new java.util.ArrayList<>();
        h.outbox.journal = new org.vehicleupdate.kit.journal.SyncPoint() {
            @Override
            public void sync() {
                journal.sync();
            }

            @Override
            public void sent() {
                try {
                    String last = h.outbox.southbound.isEmpty() ? "" : h.outbox.southbound.get(
                            h.outbox.southbound.size() - 1);
                    String text = java.nio.file.Files.readString(file);
                    whenSent.add(last + " | moves " + count(text, "\"type\":\"moved\"") + " | "
                            + (text.contains("\"type\":\"finished\"") ? "finished" : "-") + " | "
                            + (text.contains("\"type\":\"announced\"") ? "announced" : "-"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                journal.sent();
            }
        };

        h.apply("a1", Harness.desired("containers"));

        assertThat(whenSent).contains("containers DOWNLOAD | moves 2 | - | -", "containers UPDATE | moves 3 | - | -",
                "containers ACTIVATE | moves 4 | - | -", "containers CLEANUP | moves 5 | - | -");
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
        // the COMPLETED feedback went out with its record on the disk and without "announced" yet
        assertThat(whenSent).contains("containers CLEANUP | moves 5 | finished | -");
        assertThat(java.nio.file.Files.readString(file)).contains("\"type\":\"announced\"");
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @Test
    void finalFeedbackKeptBackByACrashIsAnnouncedOnStart() {
        Harness h = noRebootHarness();
        h.apply("a1", Harness.desired("containers"));
        Harness after = h.restarted();
        after.orchestrator.start();
        assertThat(after.outbox.feedback).isEmpty();
        after.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        assertThat(after.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(after.outbox.commands()).isEmpty();
    }

    @Test
    void desiredStateIsRefusedWhenTheJournalCannotBeWritten() throws java.io.IOException {
        Path notADirectory = java.nio.file.Files.writeString(dir.resolve("blocked"), "");
        Harness h = new Harness(notADirectory.resolve("data"), Harness.noReboot(Harness.settings()));
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFICATION_FAILED);
        assertThat(h.outbox.last().message()).startsWith("the update-manager cannot write its journal: ");
        assertThat(h.outbox.commands()).isEmpty();
        assertThat(h.orchestrator.activeActivityId()).isEmpty();
    }

    @Test
    void feedbackForAnotherActivityIsIgnored() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        h.orchestrator.onAgentFeedback("containers", "zz", ok(Status.IDENTIFIED, "containers"));
        h.orchestrator.onAgentFeedback("navigation", "a1", ok(Status.IDENTIFIED, "navigation"));
        assertThat(h.outbox.statuses()).containsExactly(Status.IDENTIFYING);
        h.agents.deliver();
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void overallFeedbackReportsActivationAsUpdateAndLedaCompleteAsCompleted() {
        Harness h = noRebootHarness();
        h.orchestrator.onDesiredState("a1", Harness.desired("containers"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.IDENTIFIED, "containers"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.DOWNLOAD_SUCCESS, "containers"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", ok(Status.UPDATE_SUCCESS, "containers"));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", DesiredStateFeedback.of(Status.ACTIVATION_SUCCESS, "",
                List.of(new org.vehicleupdate.messages.Action(new org.vehicleupdate.messages.ComponentRef(
                        "app", "2.0"), ActionStatus.ACTIVATION_SUCCESS, 0, ""))));
        h.agents.drop();
        h.orchestrator.onAgentFeedback("containers", "a1", DesiredStateFeedback.of(Status.COMPLETE, "", List.of()));
        assertThat(h.outbox.last().status()).isEqualTo(Status.COMPLETED);
        assertThat(h.outbox.last().actions()).singleElement().satisfies(a -> {
            assertThat(a.component().id()).isEqualTo("containers:app");
            assertThat(a.status()).isEqualTo(ActionStatus.UPDATE_SUCCESS);
        });
    }

    private static DesiredStateFeedback ok(Status status, String domain) {
        return DesiredStateFeedback.of(status, "", List.of(new org.vehicleupdate.messages.Action(
                new org.vehicleupdate.messages.ComponentRef(domain + ":app", "2.0"), ActionStatus.IDENTIFIED, 0,
                "")));
    }
}

package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Status;

/** The barrier and the order of the phases, as a table: an activity's state and what comes next. */
class NextStepTest {
    private static final ManagerSettings ROLLBACK_ALL = ManagerSettings.defaults();
    private static final ManagerSettings CONTINUE = Harness.settings(FailurePolicy.CONTINUE, Set.of());
    private static final Failure UPDATE_FAILED = new Failure(OrchestrationPhase.UPDATE, Status.UPDATE_FAILURE,
            "disk full");

    /** An activity of containers (no reboot) and self-update (reboot required) in a phase. */
    private static Activity activity(OrchestrationPhase phase, DomainProgress containers, DomainProgress selfUpdate,
            String... failures) {
        ActivityPlan plan = new ActivityPlan("a1", Harness.desired("containers", "self-update"), 0,
                List.of("containers", "self-update"), List.of(),
                Map.of());
        ActivityProgress progress = new ActivityProgress(phase, List.of(containers, selfUpdate), Optional.empty(),
                List.of(failures), false, "", "");
        return new Activity(plan, progress);
    }

    private static DomainProgress c(DomainState state) {
        return DomainProgress.identifying("containers").with(state);
    }

    private static DomainProgress s(DomainState state) {
        return DomainProgress.identifying("self-update").with(state);
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        rows.add(row("identification waits for every domain", ROLLBACK_ALL,
                activity(OrchestrationPhase.IDENTIFICATION, c(DomainState.IDENTIFIED), s(DomainState.IDENTIFYING)),
                new NextStep.Wait()));
        rows.add(row("a failed identification ends the activity, naming the domain and its reason", ROLLBACK_ALL,
                activity(OrchestrationPhase.IDENTIFICATION, c(DomainState.IDENTIFIED),
                        s(DomainState.IDENTIFYING).failed(new Failure(OrchestrationPhase.IDENTIFICATION,
                                Status.IDENTIFICATION_FAILED, "no bundle"))),
                new NextStep.Finish(Status.IDENTIFICATION_FAILED, "[self-update]: no bundle")));
        rows.add(row("every domain identified: IDENTIFIED is reported", ROLLBACK_ALL,
                activity(OrchestrationPhase.IDENTIFICATION, c(DomainState.IDENTIFIED), s(DomainState.UNCHANGED)),
                new NextStep.ReportIdentified()));
        rows.add(row("identified with actions: DOWNLOAD", ROLLBACK_ALL,
                activity(OrchestrationPhase.IDENTIFIED, c(DomainState.IDENTIFIED), s(DomainState.UNCHANGED)),
                new NextStep.StartPhase(OrchestrationPhase.DOWNLOAD)));
        rows.add(row("nothing to do anywhere: COMPLETED without a command", ROLLBACK_ALL,
                activity(OrchestrationPhase.IDENTIFIED, c(DomainState.UNCHANGED), s(DomainState.UNCHANGED)),
                new NextStep.Finish(Status.COMPLETED, "")));
        rows.add(row("a phase waits for every domain in it", ROLLBACK_ALL,
                activity(OrchestrationPhase.DOWNLOAD, c(DomainState.DOWNLOADED), s(DomainState.DOWNLOADING)),
                new NextStep.Wait()));
        rows.add(row("DOWNLOAD done: UPDATE", ROLLBACK_ALL,
                activity(OrchestrationPhase.DOWNLOAD, c(DomainState.DOWNLOADED), s(DomainState.DOWNLOADED)),
                new NextStep.StartPhase(OrchestrationPhase.UPDATE)));
        rows.add(row("UPDATE done: ACTIVATE", ROLLBACK_ALL,
                activity(OrchestrationPhase.UPDATE, c(DomainState.UPDATED), s(DomainState.UNCHANGED)),
                new NextStep.StartPhase(OrchestrationPhase.ACTIVATE)));
        rows.add(row("a failure rolls back once the phase's barrier is reached", ROLLBACK_ALL,
                activity(OrchestrationPhase.UPDATE, c(DomainState.UPDATING).failed(UPDATE_FAILED),
                        s(DomainState.UPDATED), "domain 'containers' failed in UPDATE"),
                new NextStep.StartPhase(OrchestrationPhase.ROLLBACK)));
        rows.add(row("Kanto's policy cleans the failed domain up at once", CONTINUE,
                activity(OrchestrationPhase.UPDATE, c(DomainState.UPDATING).failed(UPDATE_FAILED),
                        s(DomainState.UPDATING), "domain 'containers' failed in UPDATE"),
                new NextStep.CleanUpAtOnce(List.of("containers"))));
        rows.add(row("... and lets the others go on", CONTINUE,
                activity(OrchestrationPhase.UPDATE, c(DomainState.UPDATING).failed(UPDATE_FAILED)
                        .with(CleanupState.CLEANING), s(DomainState.UPDATED), "domain 'containers' failed in UPDATE"),
                new NextStep.StartPhase(OrchestrationPhase.ACTIVATE)));
        rows.add(row("activated, a domain needs a reboot", ROLLBACK_ALL,
                activity(OrchestrationPhase.ACTIVATE, c(DomainState.ACTIVATED), s(DomainState.ACTIVATED)),
                new NextStep.AwaitReboot()));
        rows.add(row("activated, no domain needs a reboot: CLEANUP", ROLLBACK_ALL,
                activity(OrchestrationPhase.ACTIVATE, c(DomainState.ACTIVATED), s(DomainState.UNCHANGED)),
                new NextStep.StartPhase(OrchestrationPhase.CLEANUP)));
        rows.add(row("the reboot is awaited", ROLLBACK_ALL,
                activity(OrchestrationPhase.AWAITING_REBOOT, c(DomainState.ACTIVATED), s(DomainState.ACTIVATED)),
                new NextStep.Wait()));
        rows.add(row("verified: CLEANUP", ROLLBACK_ALL,
                activity(OrchestrationPhase.VERIFICATION, c(DomainState.VERIFIED), s(DomainState.VERIFIED)),
                new NextStep.StartPhase(OrchestrationPhase.CLEANUP)));
        rows.add(row("rolled back before any reboot: CLEANUP", ROLLBACK_ALL,
                activity(OrchestrationPhase.ROLLBACK, c(DomainState.ROLLED_BACK), s(DomainState.ROLLED_BACK)),
                new NextStep.StartPhase(OrchestrationPhase.CLEANUP)));
        Activity afterNewBoot = activity(OrchestrationPhase.ROLLBACK, c(DomainState.ROLLED_BACK),
                s(DomainState.ROLLED_BACK), "domain 'self-update' failed in VERIFICATION");
        afterNewBoot = afterNewBoot.with(afterNewBoot.progress().withActivationBootId("boot-1")
                .withNewVersionBootId("boot-2"));
        rows.add(row("rolled back after the new version booted: a reboot back", ROLLBACK_ALL, afterNewBoot,
                new NextStep.AwaitRollbackReboot(List.of("self-update"))));
        Activity afterActivation = activity(OrchestrationPhase.ROLLBACK, c(DomainState.ROLLED_BACK),
                s(DomainState.ROLLED_BACK), "domain 'containers' failed in ACTIVATE");
        afterActivation = afterActivation.with(afterActivation.progress().withActivationBootId("boot-1"));
        rows.add(row("rolled back after an activation without a verified boot: what runs is checked", ROLLBACK_ALL,
                afterActivation, new NextStep.CheckPreviousVersions()));
        rows.add(row("the check found the new version running: a reboot back", ROLLBACK_ALL,
                activity(OrchestrationPhase.ROLLBACK_VERIFICATION, c(DomainState.ROLLED_BACK),
                        s(DomainState.REBOOT_BACK_NEEDED), "domain 'containers' failed in ACTIVATE"),
                new NextStep.AwaitRollbackReboot(List.of("self-update"))));
        rows.add(row("the previous version checked after the reboot back: CLEANUP", ROLLBACK_ALL,
                activity(OrchestrationPhase.ROLLBACK_VERIFICATION, c(DomainState.ROLLED_BACK),
                        s(DomainState.PREVIOUS_VERSION_BOOTED), "domain 'self-update' failed in VERIFICATION"),
                new NextStep.StartPhase(OrchestrationPhase.CLEANUP)));
        rows.add(row("all cleaned up, nothing failed: COMPLETED", ROLLBACK_ALL,
                activity(OrchestrationPhase.CLEANUP, c(DomainState.VERIFIED).with(CleanupState.CLEANED),
                        s(DomainState.VERIFIED).with(CleanupState.CLEANED)),
                new NextStep.Finish(Status.COMPLETED, "")));
        rows.add(row("a failed clean-up is INCOMPLETE", ROLLBACK_ALL,
                activity(OrchestrationPhase.CLEANUP, c(DomainState.ACTIVATED).with(CleanupState.FAILED),
                        s(DomainState.UNCHANGED)),
                new NextStep.Finish(Status.INCOMPLETE, "the update process is incompleted: cleanup failed:"
                        + " containers")));
        Activity consent = activity(OrchestrationPhase.UPDATE, c(DomainState.DOWNLOADED), s(DomainState.DOWNLOADED));
        consent = consent.with(consent.progress().withConsentAwaited(Optional.of(Command.UPDATE)));
        rows.add(row("the owner's consent is awaited", ROLLBACK_ALL, consent, new NextStep.Wait()));
        return rows.stream();
    }

    private static Arguments row(String what, ManagerSettings settings, Activity activity, NextStep expected) {
        return Arguments.of(what, settings, activity, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void whatComesNext(String what, ManagerSettings settings, Activity activity, NextStep expected) {
        assertThat(NextStep.after(activity, settings)).isEqualTo(expected);
    }
}

package org.vehicleupdate.selfupdate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;

class SelfUpdateFeedbackTest {
    private final SelfUpdateActivity identified = SelfUpdateActivity.identified(new UpdateRequest("a1", "2.0",
            "https://b/os", "", "/data/os.raucb", "rootfs.0", "rootfs.1"));

    @Test
    void everyFeedbackCarriesTheOsImageActionAtTheDesiredVersion() {
        DesiredStateFeedback downloading = SelfUpdateFeedback.downloading("2.0", 40, 3 * 1024 * 1024);

        assertThat(downloading.status()).isEqualTo(Status.DOWNLOADING);
        assertThat(downloading.message()).isEqualTo("Self-update agent is performing an OS image update.");
        assertThat(downloading.actions()).singleElement().satisfies(action -> {
            assertThat(action.component().id()).isEqualTo("self-update:os-image");
            assertThat(action.component().version()).isEqualTo("2.0");
            assertThat(action.progress()).isEqualTo(40);
            assertThat(action.message()).isEqualTo("Downloading 3.0 MiB...");
        });
    }

    @Test
    void aFailureHasLedasHeadlineAndTheReasonInTheAction() {
        DesiredStateFeedback rejected = SelfUpdateFeedback.failed("2.0", new Outcome(Status.UPDATE_FAILURE,
                Texts.VERSION_MISMATCH + " The bundle has version '2.1'."), 0);
        DesiredStateFeedback download = SelfUpdateFeedback.failed("2.0", new Outcome(Status.DOWNLOAD_FAILURE,
                "Download failed: HTTP 404"), 12);

        assertThat(rejected.message()).isEqualTo("Update rejected.");
        assertThat(rejected.actions().get(0).status()).isEqualTo(ActionStatus.UPDATE_FAILURE);
        assertThat(download.message()).isEqualTo("Download failed.");
        assertThat(download.actions().get(0).status()).isEqualTo(ActionStatus.DOWNLOAD_FAILURE);
        assertThat(download.actions().get(0).progress()).isEqualTo(12);
    }

    @Test
    void activationSaysWhetherTheRebootIsStillToComeOrTheSlotIsOnTrial() {
        assertThat(SelfUpdateFeedback.activated(identified.in(ActivityState.ACTIVATED)).message()).isEqualTo(
                "Self-update agent has activated the new OS image. A reboot is required to boot it from rootfs.1.");
        assertThat(SelfUpdateFeedback.activated(identified.in(ActivityState.VERIFIED)).message()).isEqualTo(
                "Self-update agent has activated the new OS image. The system booted from rootfs.1 with version 2.0;"
                        + " it is on trial until CLEANUP commits it.");
    }

    @Test
    void theEndIsCleanupSuccessThenCompletedOrIncompleteWithTheReason() {
        List<DesiredStateFeedback> completed = SelfUpdateFeedback.finished(identified.in(ActivityState.VERIFIED)
                .finished(Status.COMPLETED, Texts.COMPLETE));
        List<DesiredStateFeedback> incomplete = SelfUpdateFeedback.finished(identified
                .failed(Status.DOWNLOAD_FAILURE, "Download failed: HTTP 404").finished(Status.INCOMPLETE,
                        "Download failed: HTTP 404"));
        List<DesiredStateFeedback> nothing = SelfUpdateFeedback.finished(SelfUpdateActivity.nothingToDo("a1", "1.0",
                Texts.SKIPPED));

        assertThat(completed).extracting(DesiredStateFeedback::status).containsExactly(Status.CLEANUP_SUCCESS,
                Status.COMPLETED);
        assertThat(incomplete).extracting(DesiredStateFeedback::status).containsExactly(Status.CLEANUP_SUCCESS,
                Status.INCOMPLETE);
        assertThat(incomplete.get(1).actions().get(0).status()).isEqualTo(ActionStatus.DOWNLOAD_FAILURE);
        assertThat(incomplete.get(1).actions().get(0).message()).isEqualTo("Download failed: HTTP 404");
        assertThat(nothing).extracting(DesiredStateFeedback::message)
                .containsExactly("Current OS image is equal to the target one from desired state.");
    }

    @Test
    void whereAnActivityStandsIsWhatItLastReported() {
        assertThat(SelfUpdateFeedback.standing(identified)).extracting(DesiredStateFeedback::status)
                .containsExactly(Status.IDENTIFIED);
        assertThat(SelfUpdateFeedback.standing(identified.in(ActivityState.DOWNLOADING)).get(0).actions().get(0)
                .message()).isEqualTo("Downloading 0.0 MiB...");
        assertThat(SelfUpdateFeedback.standing(identified.failed(Status.ROLLBACK_FAILURE, "RAUC is gone")).get(0)
                .message()).isEqualTo("Self-update agent has failed to roll back the OS image update.");
    }
}

package org.vehicleupdate.selfupdate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.kit.agent.AgentProtocol;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.selfupdate.download.FileBundleDigest;
import org.vehicleupdate.selfupdate.store.SelfUpdateJournal;

class SelfUpdateAgentTest {
    private static final String ID = "activity-1";
    private static final String URL = "https://bundles.example/os-2.0.raucb";

    @TempDir
    Path data;
    private final FakeRauc rauc = new FakeRauc();
    private final FakeDownloader downloader = new FakeDownloader();
    private final RecordingSink sink = new RecordingSink();
    private String bootId = "boot-1";
    /** runs the download at once, unless a test holds it back */
    private java.util.concurrent.Executor background = Runnable::run;
    private SelfUpdateAgent agent;
    private SelfUpdateJournal journal;
    /** the protocol side of service-kit, as the MQTT endpoint drives it */
    private AgentProtocol protocol;

    @BeforeEach
    void startAgent() {
        newAgent(Set.of("https"));
        start();
        sink.clear();
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    private void newAgent(Set<String> schemes) {
        if (journal != null) {
            journal.close();
        }
        journal = new SelfUpdateJournal(data);
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        agent = new SelfUpdateAgent(new AgentSettings(data, schemes, Duration.ZERO, "test", Duration.ofMinutes(1)),
                rauc, downloader, new FileBundleDigest(), journal, sink, () -> bootId, clock, background);
        protocol = new AgentProtocol(agent, sink, clock);
    }

    /** What the endpoint does once the agent runs: read the journal, publish the first inventory. */
    private void start() {
        protocol.start();
        protocol.publishInitialState();
    }

    /** A restart of the agent process: a new instance on the same journal. */
    private void restartAgent() {
        newAgent(Set.of("https"));
        sink.clear();
        start();
    }

    private static DesiredState desired(String version, String url) {
        return new DesiredState(List.of(), List.of(new Domain("self-update", List.of(),
                List.of(new Component("os-image", version, List.of(new KeyValue("image", url)))))));
    }

    private static DesiredState pinned(String version, String url, String sha256) {
        return new DesiredState(List.of(), List.of(new Domain("self-update", List.of(), List.of(new Component(
                "os-image", version, List.of(new KeyValue("image", url), new KeyValue("sha256", sha256)))))));
    }

    /** The SHA-256 of what the fake downloader writes for a version. */
    private static String sha256Of(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private void identify() {
        protocol.onDesiredState(ID, desired("2.0", URL));
        sink.clear();
    }

    private void command(Command command) {
        protocol.onCommand(ID, DesiredStateCommand.of(command));
    }

    private void updateUntilActivated() {
        identify();
        command(Command.DOWNLOAD);
        command(Command.UPDATE);
        command(Command.ACTIVATE);
        sink.clear();
    }

    private Action action() {
        return sink.last().actions().get(0);
    }

    @Test
    void aNewVersionIsIdentifiedWithOneOsImageAction() {
        protocol.onDesiredState(ID, desired("2.0", URL));

        assertEquals(List.of(Status.IDENTIFYING, Status.IDENTIFIED), sink.statuses());
        assertEquals("Self-update agent is about to perform an OS image update.", sink.last().message());
        assertEquals("self-update:os-image", action().component().id());
        assertEquals("2.0", action().component().version());
        assertEquals(ActionStatus.IDENTIFIED, action().status());
        assertEquals(List.of(ID, ID), sink.activityIds);
    }

    @Test
    void theBootedVersionAgainIsIdentifiedWithoutActionsAndCompleted() {
        protocol.onDesiredState(ID, desired("1.0", URL));

        assertEquals(List.of(Status.IDENTIFYING, Status.IDENTIFIED, Status.COMPLETED), sink.statuses());
        assertTrue(sink.feedback.get(1).actions().isEmpty());
        assertEquals("Current OS image is equal to the target one from desired state.", sink.last().message());
        assertTrue(downloader.requests.isEmpty());
    }

    @Test
    void missingPiecesOfTheDesiredStateAreNamed() {
        protocol.onDesiredState(ID, new DesiredState(List.of(), List.of(new Domain("containers", List.of(), List.of()))));
        assertEquals("mandatory domain with 'id'='self-update' is missing", sink.last().message());
        protocol.onDesiredState("a2", new DesiredState(List.of(), List.of(new Domain("self-update", List.of(),
                List.of(new Component("kernel", "1", List.of()))))));
        assertEquals("mandatory component with 'id'='os-image' is missing", sink.last().message());
        protocol.onDesiredState("a3", new DesiredState(List.of(), List.of(new Domain("self-update", List.of(),
                List.of(new Component("os-image", "2.0", List.of()))))));
        assertEquals("mandatory config entry with bundle url is missing (key 'image')", sink.last().message());
        protocol.onDesiredState("a4", desired("", URL));
        assertEquals("mandatory bundle version is empty", sink.last().message());
        protocol.onDesiredState("a5", desired("2.0", " "));
        assertEquals("mandatory bundle download url is empty", sink.last().message());
        assertEquals(Status.IDENTIFICATION_FAILED, sink.last().status());
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        protocol.onDesiredState(ID, desired("2.0", "http://bundles.example/os.raucb"));

        assertEquals(Status.IDENTIFICATION_FAILED, sink.last().status());
        assertEquals("bundle download url 'http://bundles.example/os.raucb' uses scheme 'http', which is not "
                + "allowed (allowed: https)", sink.last().message());
    }

    @Test
    void downloadReportsTheSizeAndSuccess() {
        identify();
        command(Command.DOWNLOAD);

        assertEquals(Status.DOWNLOADING, sink.feedback.get(0).status());
        assertEquals("Downloading 0.0 MiB...", sink.feedback.get(0).actions().get(0).message());
        assertEquals(Status.DOWNLOAD_SUCCESS, sink.last().status());
        assertEquals(100, action().progress());
        assertEquals("Downloaded 0.0 MiB...", action().message());
        assertEquals(List.of(java.net.URI.create(URL)), downloader.requests);
    }

    @Test
    void aFailedDownloadSaysWhy() {
        identify();
        downloader.failure = "HTTP 404 from " + URL;
        command(Command.DOWNLOAD);

        assertEquals(Status.DOWNLOAD_FAILURE, sink.last().status());
        assertEquals("Download failed.", sink.last().message());
        assertEquals("Download failed: HTTP 404 from " + URL, action().message());

        sink.clear();
        command(Command.CLEANUP);
        assertEquals(List.of(Status.CLEANUP_SUCCESS, Status.INCOMPLETE), sink.statuses());
        assertEquals(ActionStatus.DOWNLOAD_FAILURE, action().status());
    }

    @Test
    void updateWritesTheOtherSlotAndKeepsTheBootedSlotFirst() {
        identify();
        command(Command.DOWNLOAD);
        sink.clear();
        command(Command.UPDATE);

        // version check, install started, RAUC's progress 0 %, 50 %, 100 % (no throttle in this test), success
        assertEquals(List.of(Status.UPDATING, Status.UPDATING, Status.UPDATING, Status.UPDATING, Status.UPDATING,
                Status.UPDATE_SUCCESS), sink.statuses());
        assertEquals("Checking bundle version and version in desired state request.",
                sink.feedback.get(0).actions().get(0).message());
        assertEquals("RAUC install...", sink.feedback.get(3).actions().get(0).message());
        assertEquals(50, sink.feedback.get(3).actions().get(0).progress());
        assertEquals("Self-update completed, reboot required.", sink.last().message());
        assertEquals("2.0", rauc.versions.get("rootfs.1"));
        assertEquals("rootfs.0", rauc.primary);
    }

    @Test
    void aBundleWithAnotherVersionIsRejectedNamingBothVersions() {
        identify();
        downloader.bundleVersion = "2.1";
        command(Command.DOWNLOAD);
        sink.clear();
        command(Command.UPDATE);

        assertEquals(Status.UPDATE_FAILURE, sink.last().status());
        assertEquals("Update rejected.", sink.last().message());
        assertEquals("Bundle version does not match version in desired state request. The bundle has version "
                + "'2.1', the desired state asks for '2.0'.", action().message());
        assertFalse(rauc.calls.contains("InstallBundle"));
    }

    @Test
    void aBundleWithThePinnedDigestIsInstalled() throws Exception {
        protocol.onDesiredState(ID, pinned("2.0", URL, sha256Of("2.0")));
        command(Command.DOWNLOAD);
        command(Command.UPDATE);

        assertEquals(Status.UPDATE_SUCCESS, sink.last().status());
        assertEquals("2.0", rauc.versions.get("rootfs.1"));
    }

    @Test
    void aBundleWhoseDigestDiffersFromThePinIsRejectedNamingBothBeforeRaucSeesIt() throws Exception {
        String pin = sha256Of("2.0");
        protocol.onDesiredState(ID, pinned("2.0", URL, pin));
        // the server hands out other bytes than the signed desired state names
        downloader.bundleVersion = "2.0 with a back door";
        command(Command.DOWNLOAD);
        assertEquals(Status.DOWNLOAD_SUCCESS, sink.last().status());
        sink.clear();
        command(Command.UPDATE);

        assertEquals(List.of(Status.UPDATING, Status.UPDATE_FAILURE), sink.statuses());
        assertEquals("Update rejected.", sink.last().message());
        assertEquals(ActionStatus.UPDATE_FAILURE, action().status());
        assertEquals("Bundle digest does not match the SHA-256 in desired state request. The bundle has SHA-256 '"
                + sha256Of("2.0 with a back door") + "', the desired state pins '" + pin + "'.", action().message());
        assertTrue(rauc.calls.isEmpty(), rauc.calls.toString());
        assertEquals("", rauc.versions.getOrDefault("rootfs.1", ""));

        command(Command.CLEANUP);
        assertEquals(Status.INCOMPLETE, sink.last().status());
        assertFalse(Files.exists(Path.of(agent.current().orElseThrow().request().bundleFile())));
    }

    @Test
    void theDigestPinSurvivesARestartBetweenDownloadAndUpdate() throws Exception {
        protocol.onDesiredState(ID, pinned("2.0", URL, sha256Of("1.9")));
        command(Command.DOWNLOAD);
        restartAgent();
        command(Command.UPDATE);

        assertEquals(Status.UPDATE_FAILURE, sink.last().status());
        assertTrue(action().message().contains("the desired state pins '" + sha256Of("1.9") + "'"),
                action().message());
    }

    @Test
    void aMalformedDigestIsRefusedAtIdentification() {
        protocol.onDesiredState(ID, pinned("2.0", URL, "sha256:abc"));

        assertEquals(List.of(Status.IDENTIFYING, Status.IDENTIFICATION_FAILED), sink.statuses());
        assertEquals("invalid config entry of component 'os-image': sha256 'sha256:abc': expected the bundle's "
                + "SHA-256 as 64 hexadecimal digits", sink.last().message());
        assertTrue(downloader.requests.isEmpty());
    }

    @Test
    void raucsOwnErrorIsReportedWhenItRefusesTheBundle() {
        identify();
        command(Command.DOWNLOAD);
        rauc.infoError = new RaucException("rauc info error");
        rauc.installError = "signature verification failed: Verify error: unable to get local issuer certificate";
        sink.clear();
        command(Command.UPDATE);

        assertEquals(Status.UPDATE_FAILURE, sink.last().status());
        assertEquals("Install failed.", sink.last().message());
        assertEquals(rauc.installError, action().message());
        assertEquals("rootfs.0", rauc.primary);
    }

    @Test
    void commandsInTheWrongStateGetTheirFailureNamingTheRequiredStatus() {
        identify();
        command(Command.UPDATE);
        assertEquals(Status.UPDATE_FAILURE, sink.last().status());
        assertEquals("UPDATE is possible only after status DOWNLOAD_SUCCESS is reported (current status: "
                + "IDENTIFIED)", sink.last().message());

        command(Command.ACTIVATE);
        assertEquals(Status.ACTIVATION_FAILURE, sink.last().status());
        assertEquals("ACTIVATE is possible only after status UPDATE_SUCCESS is reported (current status: "
                + "IDENTIFIED)", sink.last().message());

        protocol.onCommand("other", DesiredStateCommand.of(Command.DOWNLOAD));
        assertEquals(Status.DOWNLOAD_FAILURE, sink.last().status());
        assertTrue(sink.last().message().endsWith("(there is no update activity 'other'; the agent's last activity "
                + "is '" + ID + "')"), sink.last().message());
    }

    @Test
    void aCommandWithoutAnActivityIsRefused() {
        command(Command.DOWNLOAD);

        assertEquals(Status.DOWNLOAD_FAILURE, sink.last().status());
        assertEquals("DOWNLOAD is possible only after status IDENTIFIED is reported (there is no update activity '"
                + ID + "')", sink.last().message());
    }

    @Test
    void aRepeatedCommandGetsThePhaseResultAgain() {
        identify();
        command(Command.DOWNLOAD);
        command(Command.UPDATE);
        sink.clear();
        command(Command.DOWNLOAD);
        command(Command.UPDATE);

        assertEquals(List.of(Status.DOWNLOAD_SUCCESS, Status.UPDATE_SUCCESS), sink.statuses());
        assertEquals(1, downloader.requests.size());
        assertEquals(1, rauc.calls.stream().filter("InstallBundle"::equals).count());
    }

    @Test
    void aDuplicateDesiredStateIsAnsweredWithTheCurrentStatus() {
        identify();
        command(Command.DOWNLOAD);
        sink.clear();
        protocol.onDesiredState(ID, desired("2.0", URL));

        assertEquals(List.of(Status.DOWNLOAD_SUCCESS), sink.statuses());
    }

    @Test
    void anotherDesiredStateIsRefusedWhileTheNewSlotIsActivated() {
        updateUntilActivated();
        protocol.onDesiredState("activity-2", desired("3.0", URL));

        assertEquals(Status.IDENTIFICATION_FAILED, sink.last().status());
        assertTrue(sink.last().message().startsWith("Another update activity in progress - " + ID),
                sink.last().message());
    }

    @Test
    void activateMakesTheNewSlotBootNextAndSaysThatARebootIsRequired() {
        identify();
        command(Command.DOWNLOAD);
        command(Command.UPDATE);
        sink.clear();
        command(Command.ACTIVATE);

        assertEquals(List.of(Status.ACTIVATING, Status.ACTIVATION_SUCCESS), sink.statuses());
        assertEquals("Self-update agent has activated the new OS image. A reboot is required to boot it from "
                + "rootfs.1.", sink.last().message());
        assertEquals(ActionStatus.UPDATED, action().status());
        assertEquals("rootfs.1", rauc.primary);
    }

    @Test
    void afterTheRebootTheNewSlotIsVerifiedAndCleanupCommitsIt() {
        updateUntilActivated();
        rauc.reboot();
        bootId = "boot-2";
        restartAgent();

        assertEquals(List.of(Status.ACTIVATION_SUCCESS), sink.statuses());
        assertEquals("Self-update agent has activated the new OS image. The system booted from rootfs.1 with "
                + "version 2.0; it is on trial until CLEANUP commits it.", sink.last().message());
        SoftwareNode os = sink.currentStates.get(0).softwareNodes().get(1);
        assertEquals("self-update:os-image", os.id());
        assertEquals("2.0", os.version());

        sink.clear();
        command(Command.CLEANUP);
        assertEquals(List.of(Status.CLEANUP_SUCCESS, Status.COMPLETED), sink.statuses());
        assertEquals("Self-update completed.", sink.last().message());
        assertEquals("good", rauc.bootStatus.get("rootfs.1"));
        assertTrue(rauc.calls.contains("Mark good rootfs.1"));
        try (var files = Files.list(data)) {
            assertEquals(List.of("self-update-agent.journal"), files.map(p -> p.getFileName().toString()).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRestartWithoutARebootDoesNotCountAsAFallback() {
        updateUntilActivated();
        restartAgent();

        assertEquals(List.of(Status.ACTIVATION_SUCCESS), sink.statuses());
        assertTrue(sink.last().message().contains("A reboot is required"), sink.last().message());
        assertEquals("rootfs.1", rauc.primary);
    }

    @Test
    void aFallbackOfTheBootloaderIsAnActivationFailureNamingBothSlots() {
        updateUntilActivated();
        bootId = "boot-2"; // rebooted, but the bootloader chose rootfs.0
        restartAgent();

        assertEquals(List.of(Status.ACTIVATION_FAILURE), sink.statuses());
        assertEquals("Self-update agent has failed to activate the new OS image. rootfs.1 (B) was activated, but "
                + "the system booted from rootfs.0 (A): the bootloader fell back.", action().message());
        assertEquals("rootfs.0", rauc.primary);

        sink.clear();
        command(Command.ACTIVATE);
        assertEquals(List.of(Status.ACTIVATION_FAILURE), sink.statuses());
        command(Command.CLEANUP);
        assertEquals(List.of(Status.ACTIVATION_FAILURE, Status.CLEANUP_SUCCESS, Status.INCOMPLETE), sink.statuses());
        assertEquals("rootfs.0", rauc.primary);
    }

    @Test
    void rollbackBeforeActivationKeepsTheBootedSlotFirst() {
        identify();
        command(Command.DOWNLOAD);
        command(Command.UPDATE);
        sink.clear();
        command(Command.ROLLBACK);

        assertEquals(List.of(Status.ROLLBACK, Status.ROLLBACK_SUCCESS), sink.statuses());
        assertEquals("Self-update agent has rolled back the OS image update. rootfs.0 (A) stays the active slot.",
                sink.last().message());
        assertEquals("rootfs.0", rauc.primary);

        command(Command.CLEANUP);
        assertEquals(Status.INCOMPLETE, sink.last().status());
    }

    @Test
    void rollbackAfterActivationMakesThePreviousSlotActiveAgain() {
        updateUntilActivated();
        command(Command.ROLLBACK);

        assertEquals("Self-update agent has rolled back the OS image update. rootfs.0 (A) is the active slot again.",
                sink.last().message());
        assertEquals("rootfs.0", rauc.primary);
    }

    @Test
    void rollbackAfterTheRebootNeedsAnotherReboot() {
        updateUntilActivated();
        rauc.reboot();
        bootId = "boot-2";
        restartAgent();
        sink.clear();
        command(Command.ROLLBACK);

        assertEquals(Status.ROLLBACK_SUCCESS, sink.last().status());
        assertEquals("Self-update agent has rolled back the OS image update. rootfs.0 (A) is the active slot again; "
                + "a reboot is required to finish the rollback.", sink.last().message());
        assertEquals("rootfs.0", rauc.primary);

        sink.clear();
        command(Command.ROLLBACK);
        command(Command.CLEANUP);
        assertEquals(List.of(Status.ROLLBACK_SUCCESS, Status.CLEANUP_SUCCESS, Status.INCOMPLETE), sink.statuses());
        assertEquals("rootfs.0", rauc.primary);
        assertFalse(rauc.calls.contains("Mark good rootfs.1"));
    }

    @Test
    void anInterruptedDownloadIsResumedAtStart() {
        identify();
        // the journal says DOWNLOADING, as after a kill in the middle of the download
        journal.save(agent.current().orElseThrow().in(ActivityState.DOWNLOADING));
        restartAgent();

        assertEquals(List.of(Status.DOWNLOADING, Status.DOWNLOADING, Status.DOWNLOAD_SUCCESS), sink.statuses());
        assertEquals(1, downloader.requests.size());
    }

    @Test
    void anInstallThatRaucCompletedWhileTheAgentWasDownIsReportedAsSuccess() {
        identify();
        command(Command.DOWNLOAD);
        SelfUpdateActivity downloaded = agent.current().orElseThrow();
        rauc.install(Path.of(downloaded.request().bundleFile()), (p, s) -> { });
        rauc.installing = true;
        journal.save(downloaded.withFacts(f -> f.withInstalledCountBefore(0)).in(ActivityState.INSTALLING));
        restartAgent();

        assertEquals(List.of(Status.UPDATING, Status.UPDATE_SUCCESS), sink.statuses());
        assertEquals("rootfs.0", rauc.primary);
    }

    @Test
    void anInstallThatDidNotCompleteIsReportedAsInterrupted() {
        identify();
        command(Command.DOWNLOAD);
        journal.save(agent.current().orElseThrow().in(ActivityState.INSTALLING));
        restartAgent();

        assertEquals(List.of(Status.UPDATE_FAILURE), sink.statuses());
        assertTrue(action().message().startsWith("Install interrupted"), action().message());
    }

    @Test
    void theCurrentStateListsTheAgentTheOsImageAndEachSlot() {
        protocol.onCurrentStateGet("get-1");

        List<SoftwareNode> nodes = sink.currentStates.get(0).softwareNodes();
        assertEquals(List.of("self-update-agent", "self-update:os-image", "self-update:rootfs.0",
                "self-update:rootfs.1"), nodes.stream().map(SoftwareNode::id).toList());
        assertEquals("1.0", nodes.get(1).version());
        assertTrue(nodes.get(2).parameters().contains(new KeyValue("state", "booted")));
        assertTrue(nodes.get(2).parameters().contains(new KeyValue("boot-status", "good")));
        assertTrue(nodes.get(3).parameters().contains(new KeyValue("boot-status", "bad")));
    }

    @Test
    void unreadableMessagesAreAnsweredWithTheReason() {
        protocol.onUnreadable(MessageKind.DESIRED_STATE_COMMAND, ID, "payload.command: must be one of DOWNLOAD, UPDATE");

        DesiredStateFeedback answer = sink.last();
        assertEquals(Status.IDENTIFICATION_FAILED, answer.status());
        assertEquals("payload.command: must be one of DOWNLOAD, UPDATE", answer.message());
    }
    @Test
    void afterCleanupBeforeTheRebootTheVerifiedSlotIsCommittedWithoutAnotherCommand() {
        updateUntilActivated();
        command(Command.CLEANUP);
        assertEquals(List.of(Status.CLEANUP_SUCCESS, Status.COMPLETED), sink.statuses());
        assertEquals("bad", rauc.bootStatus.get("rootfs.1"), "not committed before it has booted");
        rauc.reboot();
        bootId = "boot-2";
        restartAgent();

        assertEquals(List.of(Status.ACTIVATION_SUCCESS, Status.CLEANUP_SUCCESS, Status.COMPLETED), sink.statuses());
        assertEquals("good", rauc.bootStatus.get("rootfs.1"));
    }

    @Test
    void afterCleanupBeforeTheRebootAFallbackEndsIncompleteWithoutAnotherCommand() {
        updateUntilActivated();
        command(Command.CLEANUP);
        bootId = "boot-2";
        restartAgent();

        assertEquals(List.of(Status.ACTIVATION_FAILURE, Status.CLEANUP_SUCCESS, Status.INCOMPLETE), sink.statuses());
        assertEquals("rootfs.0", rauc.primary);
        assertTrue(action().message().endsWith("the bootloader fell back."), action().message());
    }

    @Test
    void aNewDesiredStateReplacesAnActivityThatWroteNothingYet() {
        identify();
        command(Command.DOWNLOAD);
        sink.clear();
        protocol.onDesiredState("activity-2", desired("3.0", URL));

        assertEquals(List.of(Status.IDENTIFYING, Status.IDENTIFIED), sink.statuses());
        assertEquals("3.0", action().component().version());
        assertEquals("activity-2", agent.current().orElseThrow().activityId());
    }
    @Test
    void whileTheBundleDownloadsTheAgentAnswersAndRollbackStopsTheDownload() {
        java.util.List<Runnable> held = new java.util.ArrayList<>();
        background = held::add;
        newAgent(Set.of("https"));
        start();
        identify();
        command(Command.DOWNLOAD);
        assertEquals(List.of(Status.DOWNLOADING), sink.statuses());

        protocol.onCurrentStateGet("get-during-download");
        assertEquals(1, sink.currentStates.size());
        command(Command.UPDATE);
        assertEquals("UPDATE is possible only after status DOWNLOAD_SUCCESS is reported (current status: "
                + "DOWNLOADING)", sink.last().message());
        command(Command.ROLLBACK);
        assertEquals(Status.ROLLBACK_SUCCESS, sink.last().status());

        sink.clear();
        held.forEach(Runnable::run);
        assertEquals(List.of(), sink.statuses(), "the stopped download reports nothing");
        command(Command.CLEANUP);
        assertEquals(List.of(Status.CLEANUP_SUCCESS, Status.INCOMPLETE), sink.statuses());
    }
}

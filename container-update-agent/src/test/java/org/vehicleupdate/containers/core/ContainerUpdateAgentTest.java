package org.vehicleupdate.containers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vehicleupdate.containers.spec.Specs.component;
import static org.vehicleupdate.containers.spec.Specs.desired;
import static org.vehicleupdate.containers.spec.Specs.spec;

import org.vehicleupdate.containers.spec.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.containers.store.ContainerJournal;
import org.vehicleupdate.kit.agent.AgentOutbox;
import org.vehicleupdate.kit.agent.AgentProtocol;
import org.vehicleupdate.kit.testing.MutableClock;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

class ContainerUpdateAgentTest {
    @TempDir
    Path dir;
    private final FakeRuntime host = new FakeRuntime();
    private final Recorder out = new Recorder();
    private final MutableClock clock = new MutableClock();
    /** the agent as service-kit's protocol drives it */
    private AgentProtocol agent;
    private ContainerUpdateAgent domain;
    private ContainerJournal journal;
    private final org.vehicleupdate.messages.Component appV1 =
            component("app", "v1", "image", "r/app:v1", "port", "8080:8080");
    private final org.vehicleupdate.messages.Component appV2 =
            component("app", "v2", "image", "r/app:v2", "port", "8080:8080");
    private final org.vehicleupdate.messages.Component other = component("other", "1", "image", "r/other:1");

    @BeforeEach
    void startAgent() {
        agent = newAgent();
        agent.start();
        out.feedback.clear();
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    /** A new agent process on the same journal. */
    private AgentProtocol newAgent() {
        return newAgent(Runnable::run);
    }

    /** @param workers runs the parallel pulls, creates and starts; in the caller's thread unless a test says */
    private AgentProtocol newAgent(java.util.concurrent.Executor workers) {
        if (journal != null) {
            journal.close();
        }
        journal = new ContainerJournal(dir.resolve("container-update-agent.journal"));
        domain = new ContainerUpdateAgent(AgentSettings.defaults(), host, journal, journal, out, clock,
                d -> clock.advance(d), workers);
        return new AgentProtocol(domain, out, clock);
    }

    /** The agent with four worker threads, as it runs on a vehicle. */
    private void withWorkerThreads(java.util.concurrent.ExecutorService pool) {
        agent = newAgent(pool);
        agent.start();
        out.feedback.clear();
    }

    private static org.vehicleupdate.messages.Component[] apps(int count, String image) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> component("c" + i, "v1", "image", image))
                .toArray(org.vehicleupdate.messages.Component[]::new);
    }

    private static List<String> names(DesiredStateFeedback feedback) {
        return feedback.actions().stream().map(a -> a.component().id()).toList();
    }

    private void command(String activity, Command command) {
        agent.onCommand(activity, DesiredStateCommand.of(command));
    }

    private void runAll(String activity) {
        for (Command c : List.of(Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.CLEANUP)) {
            command(activity, c);
        }
    }

    private String runningImage(String name) {
        RuntimeContainer c = host.byName(name);
        return c.state() + " " + c.image();
    }

    @Test
    void createFromNothingGoesThroughKantosFeedbackSequence() {
        agent.onDesiredState("a1", desired(appV1));
        runAll("a1");

        // DOWNLOADING repeats with the pull's progress; UPDATE has nothing to stop, so only its result is sent
        assertEquals(List.of("IDENTIFYING", "IDENTIFIED", "DOWNLOADING", "DOWNLOAD_SUCCESS", "UPDATE_SUCCESS",
                "ACTIVATING", "ACTIVATION_SUCCESS", "CLEANUP", "CLEANUP_SUCCESS", "COMPLETED"),
                out.statuses().stream().distinct().toList());
        assertEquals(50, out.feedback.get(3).actions().get(0).progress());
        Action identified = out.feedback.get(1).actions().get(0);
        assertEquals("containers:app", identified.component().id());
        assertEquals("v1", identified.component().version());
        assertEquals("New container will be created and started.", identified.message());
        assertEquals("New container instance is started.", out.last().actions().get(0).message());
        assertEquals("running r/app:v1", runningImage("app"));
        assertTrue(host.calls.contains("pull r/app:v1"));
    }

    @Test
    void v1ToV2ReplacesOneContainerAndLeavesTheOtherAlone() {
        host.existing(spec(appV1), true, true, "old");
        host.existing(spec(other), true, true, "old");
        agent.onDesiredState("a2", desired(appV2, other));
        assertEquals(List.of("RECREATE app", "CHECK other"), out.last().actions().stream()
                .map(a -> a.message().startsWith("Existing container will be destroyed and replaced") ? "RECREATE app"
                        : "CHECK other").toList());

        command("a2", Command.DOWNLOAD);
        assertEquals("running r/app:v1", runningImage("app.vu-previous"));
        assertEquals("created r/app:v2", runningImage("app"));
        command("a2", Command.UPDATE);
        assertEquals("exited r/app:v1", runningImage("app.vu-previous"));
        command("a2", Command.ACTIVATE);
        command("a2", Command.CLEANUP);

        assertEquals(Status.COMPLETED, out.last().status());
        assertEquals(List.of("app", "other"), host.list().stream().map(RuntimeContainer::name).sorted().toList());
        assertEquals("running r/app:v2", runningImage("app"));
        assertFalse(host.calls.stream().anyMatch(c -> c.endsWith(" other")), host.calls.toString());
        assertEquals("a2", out.inventories.get(out.inventories.size() - 1).getKey());
    }

    @Test
    void anIdenticalDesiredStateIsIdentifiedWithNoActionsAndCompletesAtOnce() {
        host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a3", desired(appV1));

        assertEquals(List.of("IDENTIFYING", "IDENTIFIED", "COMPLETED"), out.statuses());
        // no actions: the update-manager sends no command to this domain
        assertEquals(List.of(), out.feedback.get(1).actions());
        assertEquals(List.of(), host.calls);
        command("a3", Command.CLEANUP);
        assertEquals(Status.COMPLETED, out.last().status());
    }

    @Test
    void aRestartPolicyChangeFallsBackToRecreateWhenTheRuntimeCannotUpdate() {
        host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a4", desired(component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "restartPolicy", "no")));
        runAll("a4");

        assertEquals(Status.COMPLETED, out.last().status());
        assertTrue(host.calls.contains("update app"));
        assertEquals(List.of("app"), host.list().stream().map(RuntimeContainer::name).toList());
        assertEquals("no", host.byName("app").spec().orElseThrow().restartPolicy().type());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void aRuntimeThatUpdatesInPlaceKeepsTheContainer() {
        host.supportsUpdate = true;
        String id = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a5", desired(component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "restartPolicy", "on-failure", "restartMaxRetries", "3")));
        runAll("a5");

        assertEquals(Status.COMPLETED, out.last().status());
        assertEquals(id, host.byName("app").id());
        assertEquals(new RestartPolicy("on-failure", 3, 0), host.updated.get(id).restartPolicy());

        // the label still shows the old policy; the same desired state again must still change nothing
        agent.onDesiredState("a5-again", desired(component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "restartPolicy", "on-failure", "restartMaxRetries", "3")));
        assertEquals(Status.COMPLETED, out.last().status());
        assertEquals("No changes: the containers are as desired.", out.last().message());
        assertTrue(out.inventories.get(out.inventories.size() - 1).getValue().toString().contains("on-failure"));
    }

    @Test
    void anInPlaceUpdateIsUndoneInPlaceByRollback() {
        host.supportsUpdate = true;
        org.vehicleupdate.messages.Component limited = component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "memory", "64M");
        String id = host.existing(spec(limited), true, true, "old");
        agent.onDesiredState("a20", desired(component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "memory", "128M", "restartPolicy", "always")));
        command("a20", Command.DOWNLOAD);
        command("a20", Command.UPDATE);
        assertEquals("128M", host.updated.get(id).memory().memory());
        command("a20", Command.ROLLBACK);

        assertEquals(Status.ROLLBACK_SUCCESS, out.last().status());
        assertEquals(id, host.byName("app").id());
        assertEquals(spec(limited), host.updated.get(id));
    }

    @Test
    void aNewMemoryLimitIsNeverSetInPlaceBecauseARollbackCouldNotRemoveIt() {
        host.supportsUpdate = true;
        String id = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a21", desired(component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "memory", "64M")));
        runAll("a21");

        assertEquals(Status.COMPLETED, out.last().status());
        assertFalse(host.calls.contains("update app"), host.calls.toString());
        assertFalse(id.equals(host.byName("app").id()));
    }

    @Test
    void aRollbackAfterAnUpdateThatHadToRecreateRestoresTheOldContainer() {
        String old = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a22", desired(component("app", "v1", "image", "r/app:v1", "port", "8080:8080",
                "restartPolicy", "no")));
        command("a22", Command.DOWNLOAD);
        command("a22", Command.UPDATE);
        assertEquals("exited r/app:v1", runningImage("app.vu-previous"));
        command("a22", Command.ACTIVATE);
        command("a22", Command.ROLLBACK);

        assertEquals(Status.ROLLBACK_SUCCESS, out.last().status());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v1", runningImage("app"));
        assertEquals(RestartPolicy.DEFAULT, host.byName("app").spec().orElseThrow().restartPolicy());
    }

    @Test
    void aRollbackRestartsWhatUpdateStoppedForDestroyButNotWhatWasStoppedBefore() {
        host.existing(spec(appV1), true, true, "old");
        host.existing(spec(other), true, true, "old");
        host.existing(spec(component("idle", "1", "image", "r/idle:1")), true, false, "old");
        agent.onDesiredState("a23", desired(appV1));
        command("a23", Command.DOWNLOAD);
        command("a23", Command.UPDATE);
        assertEquals("exited r/other:1", runningImage("other"));
        command("a23", Command.ROLLBACK);

        assertEquals(Status.ROLLBACK_SUCCESS, out.last().status());
        assertEquals("running r/other:1", runningImage("other"));
        assertEquals("exited r/idle:1", runningImage("idle"));
        assertFalse(host.calls.contains("start idle"), host.calls.toString());
    }

    @Test
    void destroyStopsInUpdateAndRemovesInCleanup() {
        host.existing(spec(appV1), true, true, "old");
        host.existing(spec(other), true, true, "old");
        agent.onDesiredState("a6", desired(appV1));
        command("a6", Command.DOWNLOAD);
        command("a6", Command.UPDATE);
        assertEquals("exited r/other:1", runningImage("other"));
        command("a6", Command.ACTIVATE);
        command("a6", Command.CLEANUP);

        assertEquals(List.of("app"), host.list().stream().map(RuntimeContainer::name).toList());
        Action destroyed = out.feedback.stream().filter(f -> f.status() == Status.CLEANUP_SUCCESS).findFirst()
                .orElseThrow().actions().get(1);
        assertEquals("REMOVAL_SUCCESS", destroyed.status().name());
        assertEquals("Old container instance is removed.", destroyed.message());
    }

    @Test
    void anImageThatCannotBePulledFailsDownloadAndChangesNothing() {
        host.existing(spec(appV1), true, true, "old");
        host.existing(spec(other), true, true, "old");
        host.missingImages.add("r/other:2");
        agent.onDesiredState("a7", desired(appV2, component("other", "2", "image", "r/other:2")));
        command("a7", Command.DOWNLOAD);

        assertEquals(Status.DOWNLOAD_FAILURE, out.last().status());
        assertEquals("Cannot download image r/other:2: manifest unknown. Nothing was changed on the host.",
                out.last().message());
        assertEquals("running r/app:v1", runningImage("app"));
        assertEquals(2, host.list().size());
        assertFalse(host.calls.stream().anyMatch(c -> c.startsWith("create") || c.startsWith("rename")));
        command("a7", Command.CLEANUP);
        assertEquals(Status.INCOMPLETE, out.last().status());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void aPulledImageWhoseDigestDiffersFromThePinFailsDownloadAndChangesNothing() {
        host.existing(spec(appV1), true, true, "old");
        String pin = "sha256:" + "ab".repeat(32);
        agent.onDesiredState("p1", desired(component("app", "v2", "image", "r/app:v2", "port", "8080:8080",
                "imageDigest", pin)));
        command("p1", Command.DOWNLOAD);

        assertEquals(Status.DOWNLOAD_FAILURE, out.last().status());
        assertEquals("Image r/app:v2 has digest " + FakeRuntime.digestOf("r/app:v2") + ", the desired state pins "
                + pin + ". Nothing was changed on the host.", out.last().message());
        assertEquals("DOWNLOAD_FAILURE", out.last().actions().get(0).status().name());
        assertFalse(host.calls.stream().anyMatch(c -> c.startsWith("create") || c.startsWith("rename")),
                host.calls.toString());
        assertEquals("running r/app:v1", runningImage("app"));
        command("p1", Command.CLEANUP);
        assertEquals(Status.INCOMPLETE, out.last().status());
        assertEquals(List.of("app"), host.list().stream().map(RuntimeContainer::name).toList());
    }

    @Test
    void anImageWithThePinnedDigestIsDeployedAndThePinIsInTheInventory() {
        String pin = FakeRuntime.digestOf("r/app:v1");
        agent.onDesiredState("p2", desired(component("app", "v1", "image", "r/app:v1", "imageDigest", pin)));
        runAll("p2");

        assertEquals(Status.COMPLETED, out.last().status());
        assertEquals("running r/app:v1", runningImage("app"));
        assertTrue(out.inventories.get(out.inventories.size() - 1).getValue().softwareNodes().get(1).parameters()
                .contains(new org.vehicleupdate.messages.KeyValue("imageDigest", pin)));
    }

    @Test
    void anImageNamedByItsDigestIsCheckedAgainstThatDigest() {
        String named = "sha256:" + "cd".repeat(32);
        String image = "r/app@" + named;
        agent.onDesiredState("p3", desired(component("app", "v1", "image", image)));
        runAll("p3");
        assertEquals(Status.COMPLETED, out.last().status());
        assertTrue(host.calls.contains("digests " + image), host.calls.toString());

        host.containers.clear();
        host.digests.put(image, List.of());
        agent.onDesiredState("p4", desired(component("app", "v1", "image", image)));
        command("p4", Command.DOWNLOAD);
        assertEquals("Image " + image + " has digest (none recorded), the desired state pins " + named
                + ". Nothing was changed on the host.", out.last().message());
    }

    @Test
    void withoutAPinNoDigestIsAskedFor() {
        agent.onDesiredState("p5", desired(appV1));
        runAll("p5");

        assertEquals(Status.COMPLETED, out.last().status());
        assertFalse(host.calls.stream().anyMatch(c -> c.startsWith("digests")), host.calls.toString());
    }

    @Test
    void tenContainersOfOneImageArePulledOnceThenCreatedAndStartedByTheWorkers() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            withWorkerThreads(pool);
            agent.onDesiredState("w1", desired(apps(10, "r/app:v1")));
            runAll("w1");
        } finally {
            pool.shutdown();
        }

        assertEquals(Status.COMPLETED, out.last().status());
        assertEquals(1, host.calls.stream().filter(c -> c.equals("pull r/app:v1")).count(), host.calls.toString());
        assertEquals(10, host.calls.stream().filter(c -> c.startsWith("create ")).count());
        assertEquals(10, host.calls.stream().filter(c -> c.startsWith("start ")).count());
        assertFalse(host.threads.contains(Thread.currentThread().getName()), host.threads.toString());
        assertEquals(10, host.list().stream().filter(c -> c.state().equals("running")).count());
        List<String> order = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "containers:c" + i).toList();
        out.feedback.stream().filter(f -> f.status() != Status.IDENTIFYING)
                .forEach(f -> assertEquals(order, names(f), "every feedback in the desired state's order"));
        DesiredStateFeedback downloading = out.feedback.stream().filter(f -> f.status() == Status.DOWNLOADING)
                .findFirst().orElseThrow();
        assertTrue(downloading.actions().stream().allMatch(a -> a.status().name().equals("DOWNLOADING")),
                "every container is reported downloading at once");
        assertEquals(1, out.feedback.stream().filter(f -> f.status() == Status.ACTIVATING).count(),
                "one ACTIVATING for all the starts");
    }

    @Test
    void aCreateThatFailsAmongParallelCreatesUndoesAllOfThem() throws Exception {
        String old = host.existing(spec(component("c2", "v0", "image", "r/app:v0")), true, true, "old");
        host.createFailures.put("c4", 1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            withWorkerThreads(pool);
            agent.onDesiredState("w2", desired(apps(6, "r/app:v1")));
            command("w2", Command.DOWNLOAD);
        } finally {
            pool.shutdown();
        }

        assertEquals(Status.DOWNLOAD_FAILURE, out.last().status());
        assertEquals("Cannot create container c4: create refused. The containers created so far were removed; the "
                + "host is as before.", out.last().message());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v0", runningImage("c2"));
    }

    @Test
    void withSeveralImagesThatFailThePhaseNamesTheFirstInTheDesiredStatesOrder() throws Exception {
        host.missingImages.add("r/b:1");
        host.missingImages.add("r/d:1");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            withWorkerThreads(pool);
            agent.onDesiredState("w3", desired(component("a", "1", "image", "r/a:1"),
                    component("b", "1", "image", "r/b:1"), component("c", "1", "image", "r/c:1"),
                    component("d", "1", "image", "r/d:1")));
            command("w3", Command.DOWNLOAD);
        } finally {
            pool.shutdown();
        }

        assertEquals("Cannot download image r/b:1: manifest unknown. Nothing was changed on the host.",
                out.last().message());
        assertEquals(List.of("DOWNLOADING", "DOWNLOAD_FAILURE", "DOWNLOADING", "DOWNLOAD_FAILURE"),
                out.last().actions().stream().map(a -> a.status().name()).toList());
        assertTrue(host.list().isEmpty());
    }

    @Test
    void aCreateThatFailsUndoesTheWholeDownload() {
        host.existing(spec(appV1), true, true, "old");
        host.createFailures.put("other", 1);
        agent.onDesiredState("a8", desired(appV2, other));
        command("a8", Command.DOWNLOAD);

        assertEquals(Status.DOWNLOAD_FAILURE, out.last().status());
        assertTrue(out.last().message().endsWith("the host is as before."), out.last().message());
        assertEquals(List.of("app"), host.list().stream().map(RuntimeContainer::name).toList());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void aContainerThatTheRuntimeRestartsAfterItCrashedFailsActivationThoughItIsSeenRunning() {
        host.existing(spec(appV1), true, true, "old");
        host.crashLoopingImages.add("r/app:v2");
        agent.onDesiredState("a9b", desired(appV2));
        command("a9b", Command.DOWNLOAD);
        command("a9b", Command.UPDATE);
        command("a9b", Command.ACTIVATE);

        assertEquals(Status.ACTIVATION_FAILURE, out.last().status());
        assertEquals("Container app exited with code 3 right after it was started and was restarted by the runtime.",
                out.last().message());
    }

    @Test
    void aContainerThatExitsAtOnceFailsActivationAndRollbackRestoresTheOldOne() {
        String old = host.existing(spec(appV1), true, true, "old");
        host.crashingImages.add("r/app:v2");
        agent.onDesiredState("a9", desired(appV2));
        command("a9", Command.DOWNLOAD);
        command("a9", Command.UPDATE);
        command("a9", Command.ACTIVATE);

        assertEquals(Status.ACTIVATION_FAILURE, out.last().status());
        assertEquals("Container app exited with code 3 right after it was started.", out.last().message());
        command("a9", Command.ROLLBACK);
        assertEquals(Status.ROLLBACK_SUCCESS, out.last().status());
        assertEquals("Update unsuccessful, but rollback succeeded - new container instance destroyed, old container "
                + "instance restored.", out.last().actions().get(0).message());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v1", runningImage("app"));
        command("a9", Command.CLEANUP);
        assertEquals(Status.INCOMPLETE, out.last().status());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
    }

    @Test
    void cleanupAfterAFailureWithoutRollbackRestoresTheOldContainers() {
        host.existing(spec(appV1), true, true, "old");
        host.crashingImages.add("r/app:v2");
        agent.onDesiredState("a10", desired(appV2));
        command("a10", Command.DOWNLOAD);
        command("a10", Command.UPDATE);
        command("a10", Command.ACTIVATE);
        command("a10", Command.CLEANUP);

        assertEquals(List.of("CLEANUP", "CLEANUP_SUCCESS", "INCOMPLETE"), out.statuses().subList(
                out.statuses().size() - 3, out.statuses().size()));
        assertEquals("running r/app:v1", runningImage("app"));
        assertEquals(1, host.list().size());
    }

    @Test
    void aCommandInTheWrongStateNamesTheStateItNeeds() {
        agent.onDesiredState("a11", desired(appV1));
        command("a11", Command.ACTIVATE);
        assertEquals(Status.ACTIVATION_FAILURE, out.last().status());
        assertEquals("ACTIVATE is possible only after status UPDATE_SUCCESS is reported (current status: IDENTIFIED)",
                out.last().message());
        command("a11", Command.ROLLBACK);
        assertTrue(out.last().message().startsWith("ROLLBACK is possible only after status DOWNLOAD_SUCCESS|"));
        command("other-activity", Command.DOWNLOAD);
        assertEquals(Status.DOWNLOAD_FAILURE, out.last().status());
        assertEquals("other-activity", out.lastActivity);
        agent.onCommand("a11", new DesiredStateCommand(Command.DOWNLOAD, "containers:x"));
        assertTrue(out.last().message().startsWith("Unknown baseline containers:x"));
        assertTrue(host.calls.isEmpty(), host.calls.toString());
    }

    @Test
    void aRepeatedCommandGetsThatPhasesResultAgainAndDoesNothing() {
        agent.onDesiredState("a12", desired(appV1));
        command("a12", Command.DOWNLOAD);
        int calls = host.calls.size();
        agent.onCommand("a12", new DesiredStateCommand(Command.DOWNLOAD, "*"));
        assertEquals(Status.DOWNLOAD_SUCCESS, out.last().status());
        assertEquals("*", out.last().baseline());
        assertEquals(calls, host.calls.size());
        runAll("a12");
        command("a12", Command.CLEANUP);
        assertEquals(Status.COMPLETED, out.last().status());
    }

    @Test
    void aSecondDesiredStateWhileOneRunsIsRefusedAndADuplicateGetsItsStatus() {
        agent.onDesiredState("a13", desired(appV1));
        command("a13", Command.DOWNLOAD);
        agent.onDesiredState("a14", desired(other));
        assertEquals(Status.IDENTIFICATION_FAILED, out.last().status());
        assertEquals("Another update activity in progress - a13", out.last().message());
        agent.onDesiredState("a13", desired(appV1));
        assertEquals(Status.DOWNLOAD_SUCCESS, out.last().status());
    }

    @Test
    void anInvalidDesiredStateIsIdentificationFailedWithTheReason() {
        agent.onDesiredState("a15", desired(component("app", "1", "image", "x:1", "port", "70000:80")));
        assertEquals(List.of("IDENTIFYING", "IDENTIFICATION_FAILED"), out.statuses());
        assertEquals("Invalid configuration of container 'app': port '70000:80': port 70000 is not in 1-65535",
                out.last().message());
    }

    @Test
    void afterARestartInUpdateTheAgentReportsItAndRollbackRestores() {
        String old = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a16", desired(appV2));
        command("a16", Command.DOWNLOAD);
        // the agent dies in the middle of UPDATE: the journal says UPDATING
        Operation op = domain.operation().orElseThrow();
        op.status = Status.UPDATING;
        journal.save(op);

        AgentProtocol restarted = newAgent();
        out.feedback.clear();
        restarted.start();
        assertEquals(Status.UPDATE_FAILURE, out.last().status());
        assertTrue(out.last().message().startsWith("The agent was restarted during UPDATE"));
        restarted.onCommand("a16", DesiredStateCommand.of(Command.ROLLBACK));
        assertEquals(Status.ROLLBACK_SUCCESS, out.last().status());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void aRollbackFindsANewContainerTheJournalNeverLearntOf() {
        String old = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a17", desired(appV2));
        command("a17", Command.DOWNLOAD);
        Operation op = domain.operation().orElseThrow();
        op.actions.get(0).newId = "";
        op.status = Status.DOWNLOADING;
        journal.save(op);

        newAgent().start();

        assertEquals(Status.DOWNLOAD_FAILURE, out.last().status());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void anActivatedContainerThatDiedWhileTheAgentWasDownFailsActivationAfterTheRestart() {
        String old = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a18", desired(appV2));
        command("a18", Command.DOWNLOAD);
        command("a18", Command.UPDATE);
        command("a18", Command.ACTIVATE);
        assertEquals(Status.ACTIVATION_SUCCESS, out.last().status());
        RuntimeContainer v2 = host.byName("app");
        host.containers.put(v2.id(), new RuntimeContainer(v2.id(), v2.name(), v2.image(), "exited", 137, "",
                v2.created(), "", 0, v2.labels()));

        newAgent().start();

        assertEquals(Status.ACTIVATION_FAILURE, out.last().status());
        assertTrue(out.last().message().contains("container app is exited (exit code 137)"), out.last().message());
        AgentProtocol restarted = newAgent();
        restarted.start();
        restarted.onCommand("a18", DesiredStateCommand.of(Command.CLEANUP));
        assertEquals(Status.INCOMPLETE, out.last().status());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void aCleanupCutOffByARestartIsCarriedOutSoTheCompletedUpdateStaysCompleted() {
        host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a20", desired(appV2));
        command("a20", Command.DOWNLOAD);
        command("a20", Command.UPDATE);
        command("a20", Command.ACTIVATE);
        String v2 = host.byName("app").id();
        // the power goes while CLEANUP removes the old container: the journal says CLEANUP
        Operation op = domain.operation().orElseThrow();
        op.status = Status.CLEANUP;
        journal.save(op);

        out.feedback.clear();
        newAgent().start();

        assertEquals(List.of("CLEANUP", "CLEANUP_SUCCESS", "COMPLETED"), out.statuses());
        assertEquals(List.of(v2), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v2", runningImage("app"));
    }

    @Test
    void aRollbackCutOffByARestartIsCarriedOutAndRestoresThePreviousContainers() {
        String old = host.existing(spec(appV1), true, true, "old");
        agent.onDesiredState("a21", desired(appV2));
        command("a21", Command.DOWNLOAD);
        command("a21", Command.UPDATE);
        Operation op = domain.operation().orElseThrow();
        op.status = Status.ROLLBACK;
        journal.save(op);

        out.feedback.clear();
        newAgent().start();

        assertEquals(Status.ROLLBACK_SUCCESS, out.last().status());
        assertEquals(List.of(old), host.list().stream().map(RuntimeContainer::id).toList());
        assertEquals("running r/app:v1", runningImage("app"));
    }

    @Test
    void everyStartedContainerIsJudgedWhenOneOfThemFails() {
        host.crashingImages.add("r/app:v2");
        agent.onDesiredState("a19", desired(appV2, other));
        command("a19", Command.DOWNLOAD);
        command("a19", Command.UPDATE);
        command("a19", Command.ACTIVATE);

        assertEquals(Status.ACTIVATION_FAILURE, out.last().status());
        assertEquals(List.of("ACTIVATION_FAILURE", "ACTIVATION_SUCCESS"), out.last().actions().stream()
                .map(a -> a.status().name()).toList());
    }

    @Test
    void theInventoryListsEveryContainerWithKantosKeys() {
        host.existing(spec(component("app", "v1", "image", "r/app:v1", "port", "127.0.0.1:18080:8080",
                "env", "FOO=BAR", "restartPolicy", "on-failure", "restartMaxRetries", "3", "restartTimeout", "90",
                "memory", "200M")), true, true, "old");
        host.existing(spec(component("foreign", "1", "image", "r/f:1")), false, false, "");
        agent.onCurrentStateGet("get-1");

        Inventory inventory = out.inventories.get(out.inventories.size() - 1).getValue();
        assertEquals("containers-update-agent", inventory.softwareNodes().get(0).id());
        assertEquals("containers:app", inventory.softwareNodes().get(1).id());
        assertEquals("v1", inventory.softwareNodes().get(1).version());
        assertEquals("image=r/app:v1, restartPolicy=on-failure, restartMaxRetries=3, restartTimeout=1m30s, "
                + "port=127.0.0.1:18080:8080/tcp, memory=200M, env=FOO=BAR, status=Running, "
                + "created=2026-01-01T00:00:00Z", inventory.softwareNodes().get(1).parameters().stream()
                .map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(", ")));
        assertEquals("image=r/f:1, status=Exited, created=2026-01-01T00:00:00Z", inventory.softwareNodes().get(2)
                .parameters().stream().map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(", ")));
        assertEquals(2, inventory.associations().size());
    }

    private static final class Recorder implements AgentOutbox {
        final List<DesiredStateFeedback> feedback = new ArrayList<>();
        final List<Map.Entry<String, Inventory>> inventories = new ArrayList<>();
        String lastActivity = "";

        @Override
        public void feedback(String activityId, DesiredStateFeedback message) {
            feedback.add(message);
            lastActivity = activityId;
        }

        @Override
        public void currentState(String activityId, Inventory inventory) {
            inventories.add(Map.entry(activityId, inventory));
        }

        DesiredStateFeedback last() {
            return feedback.get(feedback.size() - 1);
        }

        List<String> statuses() {
            return feedback.stream().map(f -> f.status().name()).toList();
        }
    }
}

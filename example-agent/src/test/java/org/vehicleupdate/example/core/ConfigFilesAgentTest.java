package org.vehicleupdate.example.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.example.files.DirectoryConfigStore;
import org.vehicleupdate.example.store.ConfigJournal;
import org.vehicleupdate.kit.agent.AgentProtocol;
import org.vehicleupdate.kit.testing.RecordingOutbox;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.Status;

/** The example agent driven as its MQTT endpoint drives it, on real files. */
class ConfigFilesAgentTest {
    @TempDir
    Path root;
    @TempDir
    Path bundles;
    private final RecordingOutbox out = new RecordingOutbox();
    private ConfigJournal journal;
    private AgentProtocol agent;

    @BeforeEach
    void startAgent() {
        restart();
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    /** A new agent process on the same directory and journal. */
    private void restart() {
        if (journal != null) {
            journal.close();
        }
        journal = new ConfigJournal(root.resolve("config-files-agent.journal"));
        agent = new AgentProtocol(new ConfigFilesAgent(new DirectoryConfigStore(root), journal, out), out,
                Clock.systemUTC());
        agent.start();
    }

    private DesiredState desired(String version, String content, String... moreConfig) throws Exception {
        Path bundle = Files.writeString(bundles.resolve("app-" + version + ".conf"), content);
        List<KeyValue> config = new java.util.ArrayList<>(List.of(new KeyValue("source", bundle.toString())));
        for (int i = 0; i < moreConfig.length; i += 2) {
            config.add(new KeyValue(moreConfig[i], moreConfig[i + 1]));
        }
        return new DesiredState(List.of(), List.of(new Domain("config-files", List.of(),
                List.of(new Component("app.conf", version, config)))));
    }

    private void run(String activityId, Command... commands) {
        for (Command command : commands) {
            agent.onCommand(activityId, DesiredStateCommand.of(command));
        }
    }

    private String applicationsRead() throws Exception {
        return Files.readString(root.resolve("current").resolve("app.conf"));
    }

    @Test
    void aNewVersionIsStagedInstalledSelectedAndTheOldOneRemoved() throws Exception {
        agent.onDesiredState("a1", desired("1", "colour=red"));
        run("a1", Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.CLEANUP);
        agent.onDesiredState("a2", desired("2", "colour=blue"));
        run("a2", Command.DOWNLOAD, Command.UPDATE);
        assertThat(applicationsRead()).as("until ACTIVATE the old version is read").isEqualTo("colour=red");
        run("a2", Command.ACTIVATE, Command.CLEANUP);

        assertThat(out.statuses().subList(out.statuses().size() - 7, out.statuses().size())).containsExactly(
                Status.IDENTIFYING, Status.IDENTIFIED, Status.DOWNLOAD_SUCCESS, Status.UPDATE_SUCCESS,
                Status.ACTIVATION_SUCCESS, Status.CLEANUP_SUCCESS, Status.COMPLETED);
        assertThat(out.last().actions().get(0).message()).isEqualTo("Replaces version 1.");
        assertThat(applicationsRead()).isEqualTo("colour=blue");
        try (var versions = Files.list(root.resolve("versions").resolve("app.conf"))) {
            assertThat(versions.map(p -> p.getFileName().toString()).toList()).containsExactly("2");
        }
        List<SoftwareNode> nodes = out.currentStates().get(out.currentStates().size() - 1).getValue().softwareNodes();
        assertThat(nodes).extracting(SoftwareNode::id).containsExactly("config-files-update-agent",
                "config-files:app.conf");
        assertThat(nodes.get(1).version()).isEqualTo("2");
    }

    @Test
    void theVersionThatIsReadAlreadyNeedsNothing() throws Exception {
        agent.onDesiredState("a1", desired("1", "colour=red"));
        run("a1", Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.CLEANUP);
        out.clear();
        agent.onDesiredState("a2", desired("1", "colour=red"));

        assertThat(out.statuses()).containsExactly(Status.IDENTIFYING, Status.IDENTIFIED, Status.COMPLETED);
        assertThat(out.feedback().get(1).actions()).isEmpty();
    }

    @Test
    void aBundleThatIsNotThePinnedOneFailsDownloadAndCleanupLeavesTheOldFile() throws Exception {
        agent.onDesiredState("a1", desired("1", "colour=red"));
        run("a1", Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.CLEANUP);
        agent.onDesiredState("a2", desired("2", "colour=blue", "sha256", "00"));
        run("a2", Command.DOWNLOAD);

        assertThat(out.last().status()).isEqualTo(Status.DOWNLOAD_FAILURE);
        assertThat(out.last().message()).startsWith("app.conf: bundle ").endsWith(", the desired state pins 00");
        run("a2", Command.CLEANUP);
        assertThat(out.last().status()).isEqualTo(Status.INCOMPLETE);
        assertThat(applicationsRead()).isEqualTo("colour=red");
    }

    @Test
    void rollbackAfterActivationMakesTheOldVersionReadAgain() throws Exception {
        agent.onDesiredState("a1", desired("1", "colour=red"));
        run("a1", Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.CLEANUP);
        agent.onDesiredState("a2", desired("2", "colour=blue"));
        run("a2", Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE, Command.ROLLBACK);

        assertThat(out.last().status()).isEqualTo(Status.ROLLBACK_SUCCESS);
        assertThat(applicationsRead()).isEqualTo("colour=red");
        run("a2", Command.CLEANUP);
        assertThat(out.last().status()).isEqualTo(Status.INCOMPLETE);
    }

    @Test
    void afterARestartTheAgentSaysWhereItStandsAndCarriesOn() throws Exception {
        agent.onDesiredState("a1", desired("1", "colour=red"));
        run("a1", Command.DOWNLOAD, Command.UPDATE, Command.ACTIVATE);
        out.clear();
        restart();

        assertThat(out.statuses()).containsExactly(Status.ACTIVATION_SUCCESS);
        run("a1", Command.CLEANUP);
        assertThat(out.last().status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void theKitAnswersWhatTheDomainNeedNotKnow() throws Exception {
        agent.onDesiredState("a1", desired("1", "colour=red"));
        run("a1", Command.ACTIVATE);
        assertThat(out.last().message()).isEqualTo("ACTIVATE is possible only after status UPDATE_SUCCESS is "
                + "reported (current status: IDENTIFIED)");
        run("a1", Command.DOWNLOAD);
        agent.onDesiredState("a2", desired("2", "colour=blue"));
        assertThat(out.last().message()).isEqualTo("Another update activity in progress - a1 (DOWNLOAD_SUCCESS)");
        agent.onDesiredState("a1", desired("1", "colour=red"));
        assertThat(out.last().status()).isEqualTo(Status.DOWNLOAD_SUCCESS);
    }
}

package org.vehicleupdate.containers.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.containers.core.ActionKind;
import org.vehicleupdate.containers.core.ActionRecord;
import org.vehicleupdate.containers.core.Operation;
import org.vehicleupdate.containers.core.OperationRecord;
import org.vehicleupdate.containers.spec.ContainerSpec;
import org.vehicleupdate.containers.spec.Specs;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

class ContainerJournalTest {
    /** Written by this version (record version 2, a pinned image); every later version must read it as it is. */
    private static final Path FIXTURE = Path.of("src/test/resources/journal/container-update-agent.journal");
    /** Written by the version before (record version 1, before images could be pinned). */
    private static final Path FIXTURE_V1 = Path.of("src/test/resources/journal/container-update-agent-v1.journal");
    private static final String PIN = "sha256:5f0e1d2c3b4a69785f0e1d2c3b4a69785f0e1d2c3b4a69785f0e1d2c3b4a6978";

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("container-update-agent.journal");
    }

    @Test
    void theSavedJournalOfThisVersionIsReadWithTheActivatedOperationAndTheAppliedSpecs() throws Exception {
        Files.copy(FIXTURE, file());

        try (ContainerJournal journal = new ContainerJournal(file())) {
            OperationRecord operation = journal.load().orElseThrow().record();
            assertThat(operation.activityId()).isEqualTo("example-container-update-2");
            assertThat(operation.status()).isEqualTo(Status.ACTIVATION_SUCCESS);
            assertThat(operation.activated()).isTrue();
            ActionRecord action = operation.actions().get(0);
            assertThat(action.kind()).isEqualTo(ActionKind.RECREATE);
            assertThat(action.currentId()).isEqualTo("4f1c2a9e8b7d");
            assertThat(action.newId()).isEqualTo("c0ffee123456");
            assertThat(action.oldAside()).isTrue();
            assertThat(action.desired().image()).isEqualTo("127.0.0.1:5000/demo/app:v2");
            assertThat(action.desired().imageDigest()).isEqualTo(PIN);
            assertThat(action.current().imageDigest()).isEmpty();
            assertThat(action.current().ports().get(0).format()).isEqualTo("18080:8080/tcp");
            ContainerSpec hello = journal.get("9a8b7c6d5e4f").orElseThrow();
            assertThat(hello.restartPolicy().type()).isEqualTo("no");
            assertThat(hello.memory().memory()).isEqualTo("64M");
        }
        assertThat(Files.readAllLines(file())).as("compacted on start").hasSize(3);
    }

    @Test
    void theSavedJournalOfTheVersionBeforeIsReadWithNoImagePinned() throws Exception {
        Files.copy(FIXTURE_V1, file());

        try (ContainerJournal journal = new ContainerJournal(file())) {
            OperationRecord operation = journal.load().orElseThrow().record();
            assertThat(operation.status()).isEqualTo(Status.ACTIVATION_SUCCESS);
            assertThat(operation.actions().get(0).desired().image()).isEqualTo("127.0.0.1:5000/demo/app:v2");
            assertThat(operation.actions().get(0).desired().imageDigest()).isEmpty();
            assertThat(journal.get("9a8b7c6d5e4f").orElseThrow().imageDigest()).isEmpty();
        }
        assertThat(Files.readAllLines(file())).as("compacted on start, in this version's records").hasSize(3)
                .allMatch(line -> line.contains("\"format\":1") || line.contains("{\"v\":2,"));
    }

    @Test
    void theOperationAndTheSpecsAreWrittenExactlyAsTheSavedJournalHasThem() throws Exception {
        Files.copy(FIXTURE, file());
        Operation operation;
        ContainerSpec hello;
        try (ContainerJournal journal = new ContainerJournal(file())) {
            operation = journal.load().orElseThrow();
            hello = journal.get("9a8b7c6d5e4f").orElseThrow();
        }
        Path again = Files.createDirectory(dir.resolve("again")).resolve("container-update-agent.journal");
        try (ContainerJournal journal = new ContainerJournal(again)) {
            journal.put("9a8b7c6d5e4f", hello);
            journal.save(operation);
        }

        List<String> fixture = Files.readAllLines(FIXTURE);
        assertThat(Files.readAllLines(again)).containsExactly(fixture.get(0), fixture.get(1),
                fixture.get(fixture.size() - 1));
    }

    @Test
    void specsOfRemovedContainersAreForgottenAndStayForgottenAfterARestart() throws Exception {
        Files.copy(FIXTURE, file());
        try (ContainerJournal journal = new ContainerJournal(file())) {
            journal.retainOnly(Set.of("another-container"));
        }
        try (ContainerJournal journal = new ContainerJournal(file())) {
            assertThat(journal.get("9a8b7c6d5e4f")).isEmpty();
            assertThat(journal.load()).isPresent();
        }
    }

    @Test
    void aFieldOrVersionOfANewerAgentIsRefusedByNameNotDropped() throws Exception {
        List<String> fixture = Files.readAllLines(FIXTURE);
        String last = fixture.get(fixture.size() - 1).substring(9);
        write(fixture.get(0), last.replace("\"oldAside\":true", "\"oldAside\":true,\"pausedAt\":\"x\""));
        assertThatThrownBy(() -> new ContainerJournal(file())).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("unknown field 'pausedAt'");

        write(fixture.get(0), last.replace("\"network\":\"bridge\"", "\"network\":\"bridge\",\"ipv6\":true"));
        assertThatThrownBy(() -> new ContainerJournal(file())).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("unknown field 'ipv6'");

        write(fixture.get(0), last.replace("{\"v\":2,", "{\"v\":3,"));
        assertThatThrownBy(() -> new ContainerJournal(file())).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("record 'operation' has version 3");

        write(fixture.get(0), last.replace("\"kind\":\"RECREATE\"", "\"kind\":\"MIGRATE\""));
        assertThatThrownBy(() -> new ContainerJournal(file())).hasMessageContaining("field 'kind' has an unknown "
                + "value 'MIGRATE'");
    }

    @Test
    void theJournalFilesOfAnEarlierVersionWithAnOpenOperationAreRefusedRatherThanIgnored() throws Exception {
        Files.writeString(dir.resolve("operation.json"), "{\"activityId\":\"a1\",\"actions\":[]}");

        assertThatThrownBy(() -> new ContainerJournal(file())).isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("operation.json is in the format of an earlier version")
                .hasMessageContaining("holds an open activity 'a1'");
    }

    @Test
    void theJournalFilesOfAnEarlierVersionWithNothingOpenAreSetAsideAndTheAgentStarts() throws Exception {
        Files.writeString(dir.resolve("operation.json"), "{\"activityId\":\"a1\",\"actions\":[],\"finished\":true}");
        Files.writeString(dir.resolve("applied-specs.json"), "{\"byContainerId\":{}}");

        assertThat(new ContainerJournal(file()).load()).isEmpty();
        assertThat(dir.resolve("operation.json.earlier-format")).exists();
        assertThat(dir.resolve("applied-specs.json.earlier-format")).exists();
    }

    @Test
    void anActionWithEveryKeyAndFlagComesBackAsItWas() {
        ContainerSpec old = Specs.spec(Specs.component("app", "1", "image", "r/app:1", "env", "A=1", "cmd", "sh",
                "cmd", "-c", "port", "127.0.0.1:8080-8081:80/udp", "device", "/dev/ttyS0:/dev/ttyS0:rw", "mount",
                "/data:/data:rshared", "host", "db:host_ip", "terminal",
                "true", "interactive", "true", "restartPolicy", "on-failure", "restartMaxRetries", "3",
                "restartTimeout", "90", "logMaxFiles", "3", "logMode", "non-blocking", "logMaxBufferSize", "2M",
                "memory", "200M", "memoryReservation", "100M", "memorySwap", "-1"));
        ContainerSpec desired = Specs.spec(Specs.component("app", "2", "image", "r/app:2", "imageDigest", PIN));
        ActionRecord action = new ActionRecord("app", "2", ActionKind.UPDATE, desired, old, "old-id", false, "new-id",
                true, true, true, true, ActionStatus.UPDATE_FAILURE, "Interrupted by a restart of the agent.", 42);
        OperationRecord record = new OperationRecord("a1", Status.UPDATE_FAILURE, "m", "*", false, false, true, true,
                List.of(action));
        try (ContainerJournal journal = new ContainerJournal(file())) {
            journal.save(Operation.of(record));
            journal.put("old-id", old);
        }
        try (ContainerJournal journal = new ContainerJournal(file())) {
            assertThat(journal.load().orElseThrow().record()).isEqualTo(record);
            assertThat(journal.get("old-id")).contains(old);
        }
    }

    private void write(String header, String json) throws Exception {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        Files.writeString(file(), header + "\n" + String.format("%08x ", crc.getValue()) + json + "\n");
    }
}

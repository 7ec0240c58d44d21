package org.vehicleupdate.allinone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.kit.journal.JournalRefusal;
import org.vehicleupdate.kit.mqtt.BrokerSettings;

class AssemblyTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private HostedService service(String name, String clientId) {
        return new HostedService(name, broker(clientId), () -> {
            events.add("start " + name);
            return () -> events.add("close " + name);
        });
    }

    private HostedService failing(String name, RuntimeException problem) {
        return new HostedService(name, broker(name), () -> {
            events.add("start " + name);
            throw problem;
        });
    }

    private static BrokerSettings broker(String clientId) {
        return new BrokerSettings("tcp://127.0.0.1:1883", clientId, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Duration.ofSeconds(20),
                Duration.ofSeconds(10), Duration.ofSeconds(15));
    }

    @Test
    void servicesStartInTheOrderGivenAndStopInTheReverseOrder() throws StartFailure {
        Assembly assembly = Assembly.start(List.of(service("self-update-agent", "self-update-agent"),
                service("container-update-agent", "container-update-agent"), service("update-manager", "update-manager")));
        assembly.close();

        assertThat(events).containsExactly("start self-update-agent", "start container-update-agent",
                "start update-manager", "close update-manager", "close container-update-agent",
                "close self-update-agent");
    }

    @Test
    void aServiceThatDoesNotStartClosesTheStartedOnesAndIsNamedWithItsReason() {
        assertThatThrownBy(() -> Assembly.start(List.of(service("self-update-agent", "self-update-agent"),
                failing("container-update-agent", new IllegalArgumentException("containers.stop-timeout: bad")),
                service("update-manager", "update-manager"))))
                .isInstanceOfSatisfying(StartFailure.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("container-update-agent does not start: containers.stop-timeout: bad");
                    assertThat(e.exitCode()).isEqualTo(1);
                });
        assertThat(events).containsExactly("start self-update-agent", "start container-update-agent",
                "close self-update-agent");
    }

    @Test
    void aJournalTheServiceDoesNotUnderstandIsRefusedWithTheJournalsExitCode() {
        assertThatThrownBy(() -> Assembly.start(List.of(
                failing("self-update-agent", new JournalFormatException("journal /x is of version 9")))))
                .isInstanceOfSatisfying(StartFailure.class, e -> {
                    assertThat(e.getMessage()).startsWith("self-update-agent does not start: journal /x is of version 9");
                    assertThat(e.exitCode()).isEqualTo(JournalRefusal.EXIT_CODE);
                });
    }

    @Test
    void twoServicesWithOneClientIdAreRefusedBeforeAnyStarts() {
        assertThatThrownBy(() -> Assembly.start(List.of(service("self-update-agent", "same"),
                service("update-manager", "same"))))
                .isInstanceOf(StartFailure.class)
                .hasMessageContaining("self-update-agent and update-manager would connect with the same MQTT client"
                        + " id 'same'");
        assertThat(events).isEmpty();
    }

    @Test
    void aServiceThatFailsToCloseDoesNotKeepTheOthersOpen() throws StartFailure {
        HostedService stubborn = new HostedService("update-manager", broker("update-manager"), () -> () -> {
            throw new IllegalStateException("journal cannot be closed");
        });
        Assembly assembly = Assembly.start(List.of(service("self-update-agent", "self-update-agent"), stubborn));
        assembly.close();

        assertThat(events).containsExactly("start self-update-agent", "close self-update-agent");
    }
}

package org.vehicleupdate.containers.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vehicleupdate.containers.spec.Specs.component;
import static org.vehicleupdate.containers.spec.Specs.spec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.containers.spec.ContainerSpec;

class StartupWatchTest {
    private final FakeRuntime host = new FakeRuntime();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Duration> pauses = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private StartupWatch watch(Duration startupCheck, Duration pollInterval) {
        AgentSettings settings = new AgentSettings("containers", "0", List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(10), startupCheck, pollInterval, 4);
        return new StartupWatch(host, settings, clock, d -> {
            pauses.add(d);
            now = now.plus(d);
        }, new Fanout(pool, 4));
    }

    private Map<ActionState, String> started(int count) throws Exception {
        Map<ActionState, String> started = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            ContainerSpec spec = spec(component("c" + i, "1", "image", "r/c:1"));
            ActionState action = new ActionState("c" + i, "1", ActionKind.CREATE, spec, spec, "", false);
            action.newId = host.create("c" + i, spec, Map.of());
            host.start(action.newId);
            started.put(action, action.newId);
        }
        return started;
    }

    @Test
    void allContainersShareOneStaysUpWindowThatEndsWhenItEndsNotAtTheNextPoll() throws Exception {
        Map<ActionState, String> started = started(10);

        Optional<ActionState> failed = watch(Duration.ofSeconds(1), Duration.ofMillis(300)).watch(started);

        assertThat(failed).isEmpty();
        assertThat(pauses).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(100));
        assertThat(started.keySet()).allMatch(a -> a.status.name().equals("ACTIVATION_SUCCESS"));
    }

    @Test
    void aContainerThatCrashedFailsAndTheOthersAreStillJudged() throws Exception {
        host.crashingImages.add("r/c:1");
        Map<ActionState, String> started = started(3);

        Optional<ActionState> failed = watch(Duration.ofSeconds(1), Duration.ofMillis(300)).watch(started);

        assertThat(failed.map(a -> a.name)).contains("c0");
        assertThat(started.keySet()).allMatch(a -> a.message.equals("Container " + a.name
                + " exited with code 3 right after it was started."));
        assertThat(pauses).isEmpty();
    }
}

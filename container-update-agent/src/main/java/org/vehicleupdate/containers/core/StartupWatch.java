package org.vehicleupdate.containers.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.ActionStatus;

/** ACTIVATE's judgement of the containers it started: healthy, or up long enough, or failed. */
final class StartupWatch {
    private final ContainerRuntime runtime;
    private final AgentSettings settings;
    private final Clock clock;
    private final Pause pause;
    private final Fanout fanout;

    StartupWatch(ContainerRuntime runtime, AgentSettings settings, Clock clock, Pause pause, Fanout fanout) {
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
        this.pause = pause;
        this.fanout = fanout;
    }

    /**
     * A container with a health check must report healthy within the health timeout; one without must not exit
     * with a non-zero code (or be restarted after such an exit) within the startup check. Exiting with 0 is
     * fine: a one-shot container such as hello-world does that. Every started container is watched until it is
     * decided, so the feedback says for each one how it went; the first failure is the phase's result.
     */
    Optional<ActionState> watch(Map<ActionState, String> started)
            throws ContainerRuntimeException, InterruptedException {
        Instant begin = clock.instant();
        Map<ActionState, String> pending = new LinkedHashMap<>(started);
        // a container the runtime restarts at once after a crash (Podman does, without back-off) may be seen
        // running at every look: its restart count tells. New containers start from 0; an old container started
        // again is measured from its count now.
        Map<ActionState, Integer> restartsBefore = new HashMap<>();
        for (Map.Entry<ActionState, String> entry : started.entrySet()) {
            boolean isNew = entry.getValue().equals(entry.getKey().newId);
            restartsBefore.put(entry.getKey(), isNew ? 0
                    : runtime.inspect(entry.getValue()).map(RuntimeContainer::restartCount).orElse(0));
        }
        Optional<ActionState> firstFailure = Optional.empty();
        while (!pending.isEmpty()) {
            Duration elapsed = Duration.between(begin, clock.instant());
            Map<ActionState, Optional<RuntimeContainer>> looks = look(pending);
            for (Map.Entry<ActionState, String> entry : new ArrayList<>(pending.entrySet())) {
                ActionState action = entry.getKey();
                Optional<String> failure = Optional.empty();
                boolean done = false;
                Optional<RuntimeContainer> seen = looks.get(action);
                if (seen.isEmpty()) {
                    failure = Optional.of("Container " + action.name + " disappeared after it was started.");
                } else {
                    RuntimeContainer c = seen.get();
                    if (!c.state().equals("running") && c.exitCode() != 0) {
                        failure = Optional.of("Container " + action.name + " exited with code " + c.exitCode()
                                + " right after it was started.");
                    } else if (c.restartCount() > restartsBefore.get(action) && c.exitCode() != 0) {
                        failure = Optional.of("Container " + action.name + " exited with code " + c.exitCode()
                                + " right after it was started and was restarted by the runtime.");
                    } else if (c.health().equals("unhealthy")) {
                        failure = Optional.of("Container " + action.name + " turned unhealthy.");
                    } else if (c.health().equals("healthy")) {
                        done = true;
                    } else if (c.health().isEmpty()) {
                        done = elapsed.compareTo(settings.startupCheck()) >= 0;
                    } else if (elapsed.compareTo(settings.healthTimeout()) >= 0) {
                        failure = Optional.of("Container " + action.name + " did not become healthy within "
                                + GoDuration.format(settings.healthTimeout()) + " (health: " + c.health() + ").");
                    }
                }
                if (failure.isPresent()) {
                    action.set(ActionStatus.ACTIVATION_FAILURE, failure.get());
                    firstFailure = firstFailure.or(() -> Optional.of(action));
                    pending.remove(action);
                } else if (done) {
                    action.set(ActionStatus.ACTIVATION_SUCCESS, action.kind == ActionKind.UPDATE
                            ? "Container instance is updated with new configuration."
                            : "New container instance is started.");
                    pending.remove(action);
                }
            }
            if (!pending.isEmpty()) {
                // the next look comes when the stays-up window ends, if that is sooner than the poll interval
                Duration untilWindowEnds = settings.startupCheck().minus(Duration.between(begin, clock.instant()));
                pause.pause(untilWindowEnds.isNegative() || untilWindowEnds.isZero()
                        || untilWindowEnds.compareTo(settings.pollInterval()) >= 0 ? settings.pollInterval()
                        : untilWindowEnds);
            }
        }
        return firstFailure;
    }

    /** Every pending container inspected, several at a time: one look at all of them takes one inspect's time. */
    private Map<ActionState, Optional<RuntimeContainer>> look(Map<ActionState, String> pending)
            throws ContainerRuntimeException {
        Map<ActionState, Optional<RuntimeContainer>> seen = new ConcurrentHashMap<>();
        List<ActionState> actions = List.copyOf(pending.keySet());
        for (Optional<ContainerRuntimeException> error : fanout.run(actions,
                action -> seen.put(action, runtime.inspect(pending.get(action))))) {
            if (error.isPresent()) {
                throw error.get();
            }
        }
        return seen;
    }
}

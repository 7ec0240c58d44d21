package org.vehicleupdate.containers.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void noMoreThanTheLimitRunAtOnceAndAllOfThemRun() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch threeIn = new CountDownLatch(3);

        new Fanout(pool, 3).run(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            threeIn.countDown();
            try {
                // the first three wait for each other: the limit is reached, not only allowed
                threeIn.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            done.add(item);
        });

        assertThat(most.get()).isEqualTo(3);
        assertThat(done).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void outcomesComeInTheItemsOrderAndAFailureDoesNotStopTheOthers() {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        List<Optional<ContainerRuntimeException>> outcomes = new Fanout(pool, 4).run(List.of("a", "b", "c", "d", "e"),
                item -> {
                    ran.add(item);
                    if (item.equals("b") || item.equals("d")) {
                        throw new ContainerRuntimeException("no " + item);
                    }
                });

        assertThat(outcomes.stream().map(o -> o.map(Throwable::getMessage).orElse("ok")).toList())
                .containsExactly("ok", "no b", "ok", "no d", "ok");
        assertThat(ran).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    }

    @Test
    void withAnExecutorThatRunsInTheCallersThreadTheItemsRunInOrder() {
        List<String> ran = new ArrayList<>();

        new Fanout(Runnable::run, 4).run(List.of("a", "b", "c"), ran::add);

        assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test
    void aFaultOfTheAgentIsThrownNotTurnedIntoAnOutcome() {
        assertThatThrownBy(() -> new Fanout(pool, 2).run(List.of("a", "b"), item -> {
            if (item.equals("b")) {
                throw new IllegalStateException("bug");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("bug");
    }

    @Test
    void nothingToDoReturnsAtOnce() {
        assertThat(new Fanout(pool, 4).run(List.<String>of(), item -> { })).isEmpty();
    }
}

package org.vehicleupdate.containers.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one runtime task per item, at most {@code limit} at once on the executor, and waits for all of them: the
 * pulls, creates and starts of a phase. The outcomes come back in the items' order, so that what a phase reports
 * does not depend on which task finished first. With an executor that runs a task in the caller's thread, the
 * items run one after the other, in order.
 */
final class Fanout {
    private final Executor executor;
    private final int limit;

    Fanout(Executor executor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one task must run at a time, not " + limit);
        }
        this.executor = executor;
        this.limit = limit;
    }

    /** One item's work against the runtime. */
    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws ContainerRuntimeException;
    }

    /**
     * Runs the task for every item, even after one failed (a phase undoes or reports all of them together), and
     * returns once every task has ended; an interrupt meanwhile is kept for the caller, since the tasks still
     * change the host.
     *
     * @return per item in the items' order, the runtime's error, or empty when the task succeeded
     */
    <T> List<Optional<ContainerRuntimeException>> run(List<T> items, Task<T> task) {
        int count = items.size();
        ContainerRuntimeException[] errors = new ContainerRuntimeException[count];
        RuntimeException[] bugs = new RuntimeException[count];
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(limit, count);
        CountDownLatch finished = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            executor.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            task.run(items.get(i));
                        } catch (ContainerRuntimeException e) {
                            errors[i] = e;
                        } catch (RuntimeException e) {
                            bugs[i] = e;
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        awaitUninterruptibly(finished);
        List<Optional<ContainerRuntimeException>> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (bugs[i] != null) {
                // not the runtime's answer but a fault of the agent: it is not turned into a feedback text
                throw bugs[i];
            }
            outcomes.add(Optional.ofNullable(errors[i]));
        }
        return outcomes;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.vehicleupdate.kit.mqtt;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.internal.CommsCallback;
import org.eclipse.paho.client.mqttv3.internal.CommsReceiver;
import org.eclipse.paho.client.mqttv3.internal.CommsSender;

/**
 * The threads of one Paho client, which wake Paho's connecting thread as soon as the thread it started runs.
 *
 * <p>Paho 1.2.5 (its last release) starts its reader, writer and callback threads one after the other and after
 * each looks every 100 ms whether the new thread runs yet ({@code CommsReceiver.start} and its siblings: a
 * {@code Thread.sleep(100)} loop, fixed on Paho's master branch and never released). The new thread is never quick
 * enough for the first look, so every connect and reconnect spent about 300 ms asleep: half of a service's start.
 * For each of those three threads a short watcher here interrupts that sleep once the thread runs; Paho's loop
 * catches the interruption and looks again. The interruption is aimed: only a thread that sleeps inside one of
 * Paho's {@code start} methods gets it.
 */
final class PahoThreads extends ScheduledThreadPoolExecutor {
    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** Reader, writer, callbacks, the connect or disconnect in flight, their watchers and the offline buffer. */
    PahoThreads(String clientId) {
        super(8, runnable -> {
            Thread thread = new Thread(runnable, "mqtt-paho-" + clientId);
            thread.setDaemon(true);
            return thread;
        });
        // only the reader, the writer and the callbacks run for long; the others' threads end when idle
        setKeepAliveTime(1, TimeUnit.SECONDS);
        allowCoreThreadTimeOut(true);
    }

    @Override
    public Future<?> submit(Runnable task) {
        Future<?> future = super.submit(task);
        BooleanSupplier running = runningCheck(task);
        if (running != null) {
            Thread starter = Thread.currentThread();
            execute(() -> wakeWhenRunning(running, starter));
        }
        return future;
    }

    private static BooleanSupplier runningCheck(Runnable task) {
        if (task instanceof CommsReceiver receiver) {
            return receiver::isRunning;
        }
        if (task instanceof CommsSender sender) {
            return sender::isRunning;
        }
        if (task instanceof CommsCallback callback) {
            return callback::isRunning;
        }
        return null;
    }

    private static void wakeWhenRunning(BooleanSupplier running, Thread starter) {
        long deadline = System.nanoTime() + WATCH_NANOS;
        while (!running.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        // the starter either has not looked again yet (and will find the thread running) or sleeps: wake it
        long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        while (System.nanoTime() < settle) {
            if (sleepsInPahoStart(starter)) {
                starter.interrupt();
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** In {@code Thread.sleep} called by one of Paho's {@code start} methods. */
    private static boolean sleepsInPahoStart(Thread thread) {
        if (thread.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 4); i++) {
            if (stack[i].getMethodName().equals("start")
                    && stack[i].getClassName().startsWith("org.eclipse.paho.client.mqttv3.internal.Comms")) {
                return i > 0 && stack[0].getClassName().equals("java.lang.Thread")
                        && stack[0].getMethodName().startsWith("sleep");
            }
        }
        return false;
    }
}

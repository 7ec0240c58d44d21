package org.vehicleupdate.kit.testing;

import static org.vehicleupdate.kit.testing.ServiceProcess.mib;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What every footprint benchmark measures of the service process it drives, the same way for each service: the
 * start, what it holds idle (5 s after the start), after 100 and after all updates, the CPU of the updates after
 * the 100th, and how long each of the first 100 took. Printed as the lines that start with {@code BENCH}.
 */
public final class FootprintRun {
    /** Runs one update to its end (number 1, 2, ... after the warm-up ones, which are numbered below 1). */
    @FunctionalInterface
    public interface Update {
        void run(int number) throws Exception;
    }

    /** The figures of one run; {@code micros} are the first 100 measured updates' durations, sorted. */
    public record Figures(long startMillis, double idleMiB, double after100MiB, double afterAllMiB, int updates,
            double seconds, double cpuMillisPerUpdate, List<Long> micros) {

        /** The memory line: {@code BENCH <service>: start to <started> N ms; RSS idle ..., after 100 <what> ...}. */
        public String memoryLine(String service, String started, String what) {
            return String.format(Locale.ROOT, "%nBENCH %s: start to %s %d ms; RSS idle %s, after 100 %s %s, after"
                    + " 1,000 %s (growth 100 -> 1,000: %s)%n", service, started, startMillis, mib(idleMiB), what,
                    mib(after100MiB), mib(afterAllMiB), mib(afterAllMiB - after100MiB));
        }

        public double millisPerUpdate() {
            return seconds * 1000 / updates;
        }

        public double medianMillis() {
            return micros.get(micros.size() / 2) / 1000.0;
        }

        public double p90Millis() {
            return micros.get(micros.size() * 9 / 10) / 1000.0;
        }

        public double maxMillis() {
            return micros.get(micros.size() - 1) / 1000.0;
        }
    }

    private FootprintRun() {
    }

    /**
     * Measures a started process: call it once the process published what marks the end of its start.
     *
     * @param warmUp  updates before the measured ones (not counted, numbered from {@code 1 - warmUp})
     * @param updates the measured updates (at least 100)
     */
    public static Figures measure(ServiceProcess process, int warmUp, int updates, Update update) throws Exception {
        long startMillis = process.millisSinceStart();
        Thread.sleep(5000); // what it holds once the start's work is done
        double idle = process.residentMiB();
        for (int number = 1 - warmUp; number <= 0; number++) {
            update.run(number);
        }
        List<Long> micros = new ArrayList<>();
        double after100 = 0;
        long cpuAt100 = 0;
        long t0 = System.nanoTime();
        for (int number = 1; number <= updates; number++) {
            long began = System.nanoTime();
            update.run(number);
            if (number <= 100) {
                micros.add((System.nanoTime() - began) / 1000);
            }
            if (number == 100) {
                after100 = process.residentMiB();
                cpuAt100 = process.cpuMillis();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double afterAll = process.residentMiB();
        double cpuPerUpdate = (process.cpuMillis() - cpuAt100) / (double) (updates - 100);
        Collections.sort(micros);
        return new Figures(startMillis, idle, after100, afterAll, updates, seconds, cpuPerUpdate, List.copyOf(micros));
    }
}

package org.vehicleupdate.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) in a process of its own, started the
 * way the deployment starts it: through {@code deploy/jvm/run-service.sh}, with the shipped JVM flags and its
 * class-data archive (made first by a training run when there is none). For the benchmarks: resident memory, CPU
 * time and when the process was started.
 *
 * <p>System properties: {@code bench.java} the java command (default: {@code $JAVA}, else {@code java}),
 * {@code bench.jvm} more JVM flags after the shipped ones, {@code bench.cds=false} starts without an archive.
 */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final long startedNanos;
    private final Path log;

    private ServiceProcess(Process process, long startedNanos, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /**
     * Starts the module's packaged service.
     *
     * @param module the module's directory (a benchmark runs in it: {@code Path.of("")})
     * @param env    its configuration as environment variables ({@code MQTT_URL}, ...)
     * @param log    where its output goes
     */
    public static ServiceProcess start(Path module, Map<String, String> env, Path log, String... args) {
        Path jar = module.toAbsolutePath().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first");
        }
        Path launcher = repository(module).resolve("deploy/jvm/run-service.sh");
        Path cds = module.toAbsolutePath().resolve("target/bench-cds");
        if (!"false".equals(System.getProperty("bench.cds"))) {
            run(launcher(launcher, cds, List.of("--train", jar.toString())), log);
        }
        ProcessBuilder builder = launcher(launcher, cds, command(jar, args));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            long started = System.nanoTime();
            return new ServiceProcess(builder.start(), started, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java command and flags beyond the shipped ones, for the printed figures. */
    public static String jvmDescription() {
        String java = System.getProperty("bench.java", System.getenv().getOrDefault("JAVA", "java"));
        String flags = System.getProperty("bench.jvm", "");
        String cds = "false".equals(System.getProperty("bench.cds")) ? ", no class-data archive" : "";
        return java + " @deploy/jvm/jvm.options" + (flags.isBlank() ? "" : " " + flags) + cds;
    }

    private static List<String> command(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static ProcessBuilder launcher(Path launcher, Path cds, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("VU_CDS_DIR", cds.toString());
        String java = System.getProperty("bench.java");
        if (java != null && !java.isBlank()) {
            builder.environment().put("JAVA", java);
        }
        String flags = System.getProperty("bench.jvm");
        if (flags != null && !flags.isBlank()) {
            builder.environment().put("VU_JVM_OPTIONS", flags);
        }
        return builder;
    }

    private static void run(ProcessBuilder builder, Path log) {
        try {
            Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                    log.toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", builder.command()) + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repository(Path module) {
        Path dir = module.toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/jvm/run-service.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/jvm/run-service.sh above " + module.toAbsolutePath());
        }
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    /** Milliseconds since the process was started. */
    public long millisSinceStart() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Resident memory in MiB (VmRSS: heap, class data, code, stacks, and the JVM's own pages that are mapped). */
    public double residentMiB() {
        return statusKiB("VmRSS:") / 1024.0;
    }

    /** CPU time (user and system) used so far, in milliseconds. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException("the service is gone; see " + log, e);
        }
    }

    /**
     * Where the memory goes, when {@code -Dbench.jvm} has {@code -XX:NativeMemoryTracking=summary}: the JVM's own
     * account (jcmd VM.native_memory) and the resident pages by mapping (pmap), largest first; else empty.
     */
    public String memoryBreakdown() {
        if (!System.getProperty("bench.jvm", "").contains("NativeMemoryTracking")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(output("jcmd", Long.toString(pid()), "VM.native_memory", "summary").lines()
                .filter(l -> l.startsWith("-") || l.startsWith("Total")).map(l -> l.replaceAll("\\(reserved=\\d+KB, ", "("))
                .reduce("", (a, b) -> a + "  " + b.strip() + "\n"));
        out.append("  resident by mapping (KiB):\n");
        output("pmap", "-x", Long.toString(pid())).lines().skip(2).map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 6 && f[2].matches("\\d+"))
                .collect(java.util.stream.Collectors.groupingBy(f -> f[f.length - 1].equals("]") ? "[anon]"
                        : f[f.length - 1], java.util.stream.Collectors.summingLong(f -> Long.parseLong(f[2]))))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append("    ").append(e.getValue()).append(' ').append(e.getKey()).append('\n'));
        return out.toString();
    }

    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public static String mib(double value) {
        return String.format(Locale.ROOT, "%.1f MiB", value);
    }

    /** Stops it as systemd does (SIGTERM), forcibly after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

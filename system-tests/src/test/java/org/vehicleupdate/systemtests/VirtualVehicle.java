package org.vehicleupdate.systemtests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/** The whole system, started with the README's first command on a state directory and ports of the test's own. */
final class VirtualVehicle implements AutoCloseable {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = REPO.resolve("deploy/virtual-vehicle.sh");

    private final Path state;
    private final int mqttPort;
    private final int httpPort;
    private final int registryPort;
    private final List<String> options;

    private VirtualVehicle(Path state, List<String> options) {
        this.state = state;
        this.options = List.copyOf(options);
        this.mqttPort = EmbeddedBroker.freePort();
        this.httpPort = EmbeddedBroker.freePort();
        this.registryPort = EmbeddedBroker.freePort();
    }

    /** A fresh vehicle: OS 1.0 booted from slot A, no containers of ours. */
    static VirtualVehicle startFresh(String name) {
        return startFresh(name, List.of());
    }

    /** @param options more options of the script, e.g. {@code --things} */
    static VirtualVehicle startFresh(String name, String... options) {
        return startFresh(name, List.of(options));
    }

    /** @param options more options of the script, e.g. {@code --trust enforce} */
    static VirtualVehicle startFresh(String name, List<String> options) {
        Path state = Path.of("/tmp", "vv-" + name);
        VirtualVehicle vehicle = new VirtualVehicle(state, options);
        vehicle.script("stop");
        vehicle.podmanSim("destroy");
        deleteRecursively(state);
        vehicle.script("start");
        return vehicle;
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** The broker's port: for the examples' mosquitto_pub commands. */
    int mqttPort() {
        return mqttPort;
    }

    /** An example of examples/ with the demo servers' addresses of this vehicle. */
    String example(String name) {
        try {
            return Files.readString(REPO.resolve("examples").resolve(name))
                    .replace("127.0.0.1:8088", "127.0.0.1:" + httpPort)
                    .replace("127.0.0.1:5000", "127.0.0.1:" + registryPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The slot the simulated bootloader booted: A or B. */
    String bootedSlot() {
        return find("^booted: ([AB])", raucStatus());
    }

    /** The slot the bootloader will boot next. */
    String primarySlot() {
        return find("primary=([AB])", raucStatus());
    }

    /** good or bad, as the bootloader backend keeps it. */
    String slotState(String slot) {
        return find("^slot " + slot + ": state=(\\w+)", raucStatus());
    }

    /** The OS version written in a slot's image. */
    String slotVersion(String slot) {
        return find("^slot " + slot + ": .*image-version=(\\S*)", raucStatus());
    }

    private String raucStatus() {
        return run(REPO.resolve("deploy/lib/rauc-sim.sh").toString(), "--state", state.resolve("rauc").toString(),
                "status");
    }

    /** The containers on the host (all of them, ours and others), as name → image and state. */
    List<Container> containers() {
        String json = run("curl", "-fsS", "--unix-socket", state.resolve("podman/podman.sock").toString(),
                "http://d/v1.41/containers/json?all=true");
        List<Container> containers = new ArrayList<>();
        JsonArray list = JsonParser.parseString(json).getAsJsonArray();
        for (JsonElement element : list) {
            var c = element.getAsJsonObject();
            String name = c.getAsJsonArray("Names").get(0).getAsString().replaceFirst("^/", "");
            containers.add(new Container(name, c.get("Image").getAsString(), c.get("State").getAsString()));
        }
        return containers;
    }

    void failNextBoot() {
        script("fail-next-boot");
    }

    /** Every process of the vehicle dies at once by SIGKILL (deploy/virtual-vehicle.sh power-cut). */
    void powerCut() {
        script("power-cut");
    }

    /** Boots the vehicle again on the same state, in the background: {@link #awaitStarted} waits for it. */
    Process startInBackground() {
        try {
            return new ProcessBuilder(command("start")).redirectErrorStream(true)
                    .redirectOutput(state.resolve("logs/start-" + System.nanoTime() + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitStarted(Process start) {
        try {
            if (!start.waitFor(5, TimeUnit.MINUTES) || start.exitValue() != 0) {
                throw new AssertionError("the vehicle did not start again; see " + state.resolve("logs"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The vehicle will stop at this point until {@link #release()}: install, reboot, booted or cleanup. */
    void hold(String point) {
        script("hold", point);
    }

    /** Whether the vehicle waits at the point. */
    boolean held(String point) {
        return Shell.run(Map.of(), Duration.ofSeconds(30), command("held", point)).exitCode() == 0;
    }

    void release() {
        script("release");
    }

    /** The OS version written in the booted slot. */
    String bootedVersion() {
        return slotVersion(bootedSlot());
    }

    /** The demo RAUC bundles the vehicle serves (os-image-2.0.raucb, os-image-3.0.raucb, ...). */
    Path bundles() {
        return state.resolve("bundles");
    }

    int httpPort() {
        return httpPort;
    }

    int registryPort() {
        return registryPort;
    }

    /** kill -9 of one service; the vehicle starts it again as systemd would. */
    void kill(String service) {
        try {
            String pid = Files.readString(state.resolve("run").resolve(service + ".pid")).trim();
            run("kill", "-9", pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VmRSS of a service's process, from /proc/PID/status. */
    long residentKib(String service) {
        try {
            String pid = Files.readString(state.resolve("run").resolve(service + ".pid")).trim();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            throw new AssertionError("no VmRSS for " + service + " (pid " + pid + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log(String service) {
        try {
            return Files.readString(state.resolve("logs").resolve(service + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        script("stop");
    }

    private void script(String... command) {
        run(command(command));
    }

    private String[] command(String... command) {
        List<String> line = new ArrayList<>(List.of(SCRIPT.toString(), "--state", state.toString(), "--mqtt-port",
                String.valueOf(mqttPort), "--http-port", String.valueOf(httpPort), "--registry-port",
                String.valueOf(registryPort)));
        line.addAll(options);
        line.addAll(List.of(command));
        return line.toArray(String[]::new);
    }

    private void podmanSim(String command) {
        if (Files.isDirectory(state.resolve("podman"))) {
            run(REPO.resolve("deploy/lib/podman-sim.sh").toString(), "--state", state.resolve("podman").toString(),
                    command);
        }
    }

    private static String find(String regex, String text) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no '" + regex + "' in:\n" + text);
        }
        return matcher.group(1);
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (Files.exists(dir)) {
            run("rm", "-rf", dir.toString());
        }
    }

    /** The running containers, name → image. */
    Map<String, String> runningContainers() {
        Map<String, String> running = new TreeMap<>();
        containers().stream().filter(c -> c.state().equals("running")).forEach(c -> running.put(c.name(), c.image()));
        return running;
    }

    /** One container as the Docker API lists it. */
    record Container(String name, String image, String state) {
    }
}

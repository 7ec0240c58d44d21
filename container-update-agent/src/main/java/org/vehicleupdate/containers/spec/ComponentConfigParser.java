package org.vehicleupdate.containers.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.KeyValue;

/**
 * Turns one desired-state component into a {@link ContainerSpec} with Kanto's keys, syntax and defaults, and
 * validates it as Kanto does. Unlike Kanto, a bad port, device or mount is refused instead of dropped, and so is
 * a bad boolean; every error names the container, the key and the value.
 */
public final class ComponentConfigParser {
    private static final System.Logger LOG = System.getLogger(ComponentConfigParser.class.getName());
    static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$");
    private static final Pattern ENV = Pattern.compile("^[a-zA-Z_]([a-zA-Z0-9_]*)(|=(.*))$", Pattern.DOTALL);
    private static final Pattern PORT = Pattern.compile("^(?:(.+):)?(\\d+)(?:-(\\d+))?:(\\d+)(?:/([a-z]+))?$");
    private static final Pattern PERMISSIONS = Pattern.compile("^[rwm]{1,3}$");
    private static final Set<String> PROPAGATIONS = Set.of("rprivate", "private", "rshared", "shared", "rslave", "slave");
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private static final Set<String> RESTART_TYPES = Set.of("no", "always", "unless-stopped", "on-failure");
    private static final Pattern SHA256_DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");
    private static final Set<String> KNOWN_KEYS = Set.of("image", "imageDigest", "env", "cmd", "port", "device",
            "mount", "host", "network", "privileged", "terminal", "interactive", "restartPolicy", "restartMaxRetries",
            "restartTimeout", "logDriver", "logMaxFiles", "logMaxSize", "logPath", "logMode", "logMaxBufferSize",
            "memory", "memoryReservation", "memorySwap");
    private static final long MIN_MEMORY = 3L * 1024 * 1024;

    /** @throws InvalidDesiredStateException naming the component, the key and the value */
    public ContainerSpec parse(Component component) throws InvalidDesiredStateException {
        String name = component.id();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidDesiredStateException("Invalid container name '" + name
                    + "': it must match " + NAME.pattern());
        }
        if (name.endsWith(ContainerSpec.PREVIOUS_SUFFIX)) {
            throw new InvalidDesiredStateException("Invalid container name '" + name + "': the suffix "
                    + ContainerSpec.PREVIOUS_SUFFIX + " is reserved for containers kept for a rollback");
        }
        Reader reader = new Reader(name, component.config());

        String image = reader.single("image").orElse(name + ":" + component.version());
        if (image.isBlank() || image.endsWith(":")) {
            throw reader.error("image", image, "an image reference is required (or a component version to use "
                    + name + ":<version>)");
        }
        String digest = imageDigest(reader, image);
        List<String> env = new ArrayList<>();
        for (String value : reader.all("env")) {
            if (!ENV.matcher(value).matches()) {
                throw reader.error("env", value, "expected VAR=value, VAR= or VAR");
            }
            env.add(value);
        }
        List<String> cmd = reader.all("cmd");
        List<PortMapping> ports = new ArrayList<>();
        for (String value : reader.all("port")) {
            ports.add(port(reader, value));
        }
        List<DeviceMapping> devices = new ArrayList<>();
        for (String value : reader.all("device")) {
            devices.add(device(reader, value));
        }
        List<MountPoint> mounts = new ArrayList<>();
        for (String value : reader.all("mount")) {
            mounts.add(mount(reader, value));
        }
        List<ExtraHost> hosts = new ArrayList<>();
        for (String value : reader.all("host")) {
            hosts.add(host(reader, value));
        }
        String network = reader.single("network").orElse("bridge");
        if (!network.equals("bridge") && !network.equals("host")) {
            throw reader.error("network", network, "expected bridge or host");
        }
        boolean privileged = reader.bool("privileged");
        boolean terminal = reader.bool("terminal");
        boolean interactive = reader.bool("interactive");

        RestartPolicy restart = restartPolicy(reader);
        LogSettings log = log(reader);
        MemoryLimits memory = memory(reader);

        if (privileged && !devices.isEmpty()) {
            throw reader.error("privileged", "true", "a privileged container gets every device; remove the device keys");
        }
        if (network.equals("host") && !ports.isEmpty()) {
            throw reader.error("port", ports.get(0).format(), "ports cannot be published with network host");
        }
        if (network.equals("host")) {
            for (ExtraHost host : hosts) {
                if (host.pointsToHost()) {
                    throw reader.error("host", host.format(), "host_ip cannot be used with network host");
                }
            }
        }
        reader.warnUnknown();
        return new ContainerSpec(name, image, digest, env, cmd, ports, devices, mounts, hosts, network, privileged, terminal,
                interactive, restart, log, memory);
    }

    /**
     * The pin of the image's content: {@code imageDigest} ({@code sha256:} and 64 hexadecimal digits), which must
     * agree with a digest the reference names ({@code image@sha256:...}, which must be well-formed too).
     */
    private static String imageDigest(Reader reader, String image) throws InvalidDesiredStateException {
        int at = image.indexOf('@');
        String named = at >= 0 ? image.substring(at + 1) : "";
        if (named.startsWith("sha256:") && !SHA256_DIGEST.matcher(named).matches()) {
            throw reader.error("image", image, "the digest after @ must be sha256: and 64 lowercase hexadecimal "
                    + "digits");
        }
        java.util.Optional<String> value = reader.single("imageDigest");
        if (value.isEmpty()) {
            return "";
        }
        String digest = value.get().strip().toLowerCase(java.util.Locale.ROOT);
        if (!SHA256_DIGEST.matcher(digest).matches()) {
            throw reader.error("imageDigest", value.get(), "expected sha256: and 64 hexadecimal digits");
        }
        if (!named.isEmpty() && !named.equals(digest)) {
            throw reader.error("imageDigest", value.get(), "the image reference pins another digest, " + named);
        }
        return digest;
    }

    private static PortMapping port(Reader reader, String value) throws InvalidDesiredStateException {
        Matcher m = PORT.matcher(value);
        if (!m.matches()) {
            throw reader.error("port", value, "expected [hostIP:]hostPort[-hostPortEnd]:containerPort[/protocol]");
        }
        String ip = m.group(1) == null ? PortMapping.ANY_ADDRESS : m.group(1);
        if (!IpLiteral.isValid(ip)) {
            throw reader.error("port", value, "'" + ip + "' is not an IP address");
        }
        int hostPort = portNumber(reader, value, m.group(2));
        int hostPortEnd = m.group(3) == null ? hostPort : portNumber(reader, value, m.group(3));
        if (hostPortEnd < hostPort) {
            throw reader.error("port", value, "the host port range ends before it starts");
        }
        int containerPort = portNumber(reader, value, m.group(4));
        String protocol = m.group(5) == null ? "tcp" : m.group(5);
        if (!PROTOCOLS.contains(protocol)) {
            throw reader.error("port", value, "protocol must be tcp, udp or sctp");
        }
        return new PortMapping(ip, hostPort, hostPortEnd, containerPort, protocol);
    }

    private static int portNumber(Reader reader, String value, String digits) throws InvalidDesiredStateException {
        int port = digits.length() > 5 ? -1 : Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw reader.error("port", value, "port " + digits + " is not in 1-65535");
        }
        return port;
    }

    private static DeviceMapping device(Reader reader, String value) throws InvalidDesiredStateException {
        String[] parts = value.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw reader.error("device", value, "expected hostPath:containerPath[:permissions]");
        }
        String permissions = parts.length == 3 ? parts[2] : "rwm";
        if (!PERMISSIONS.matcher(permissions).matches()) {
            throw reader.error("device", value, "permissions must be 1 to 3 of r, w, m");
        }
        return new DeviceMapping(parts[0], parts[1], permissions);
    }

    private static MountPoint mount(Reader reader, String value) throws InvalidDesiredStateException {
        String[] parts = value.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw reader.error("mount", value, "expected source:destination[:propagation]");
        }
        String propagation = parts.length == 3 ? parts[2] : "rprivate";
        if (!PROPAGATIONS.contains(propagation)) {
            throw reader.error("mount", value, "propagation must be one of rprivate, private, rshared, shared, rslave, slave");
        }
        return new MountPoint(parts[0], parts[1], propagation);
    }

    private static ExtraHost host(Reader reader, String value) throws InvalidDesiredStateException {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw reader.error("host", value, "expected name:IP or name:host_ip");
        }
        ExtraHost host = new ExtraHost(value.substring(0, colon), value.substring(colon + 1));
        if (!host.pointsToHost() && !IpLiteral.isValid(host.address())) {
            throw reader.error("host", value, "'" + host.address() + "' is not an IP address");
        }
        return host;
    }

    private static RestartPolicy restartPolicy(Reader reader) throws InvalidDesiredStateException {
        String type = reader.single("restartPolicy").orElse(RestartPolicy.DEFAULT.type());
        if (!RESTART_TYPES.contains(type)) {
            throw reader.error("restartPolicy", type, "expected no, always, unless-stopped or on-failure");
        }
        // Kanto reads the retry settings only for on-failure; they are still checked, so a typo is never ignored
        int retries = reader.nonNegativeInt("restartMaxRetries", 0);
        int timeout = reader.nonNegativeInt("restartTimeout", 0);
        return type.equals("on-failure") ? new RestartPolicy(type, retries, timeout) : new RestartPolicy(type, 0, 0);
    }

    private static LogSettings log(Reader reader) throws InvalidDesiredStateException {
        String driver = reader.single("logDriver").orElse(LogSettings.DEFAULT.driver());
        if (!driver.equals("json-file") && !driver.equals("none")) {
            throw reader.error("logDriver", driver, "expected json-file or none");
        }
        int maxFiles = reader.nonNegativeInt("logMaxFiles", LogSettings.DEFAULT.maxFiles());
        if (driver.equals("json-file") && maxFiles < 1) {
            throw reader.error("logMaxFiles", Integer.toString(maxFiles), "at least 1 file is needed");
        }
        String maxSize = reader.size("logMaxSize").orElse(LogSettings.DEFAULT.maxSize());
        String path = reader.single("logPath").orElse("");
        String mode = reader.single("logMode").orElse(LogSettings.DEFAULT.mode());
        if (!mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw reader.error("logMode", mode, "expected blocking or non-blocking");
        }
        String bufferSize = reader.size("logMaxBufferSize").orElse("1M");
        return new LogSettings(driver, maxFiles, maxSize, path, mode, mode.equals("non-blocking") ? bufferSize : "");
    }

    private static MemoryLimits memory(Reader reader) throws InvalidDesiredStateException {
        String memory = reader.size("memory").orElse("");
        String reservation = reader.size("memoryReservation").orElse("");
        String swap = reader.single("memorySwap").orElse("");
        if (!swap.isEmpty() && !swap.equals("-1") && !ByteSize.isValid(swap)) {
            throw reader.error("memorySwap", swap, "expected a size such as 200M, 1.5G or 512k, or -1 for unlimited");
        }
        MemoryLimits limits = new MemoryLimits(memory, reservation, swap);
        if (!memory.isEmpty() && limits.memoryBytes() < MIN_MEMORY) {
            throw reader.error("memory", memory, "the minimum is 3M");
        }
        if (!reservation.isEmpty() && !memory.isEmpty() && limits.reservationBytes() > limits.memoryBytes()) {
            throw reader.error("memoryReservation", reservation, "must not be more than memory " + memory);
        }
        if (limits.swapBytes() > 0) {
            if (memory.isEmpty()) {
                throw reader.error("memorySwap", swap, "needs memory to be set");
            }
            if (limits.swapBytes() < limits.memoryBytes()) {
                throw reader.error("memorySwap", swap, "must not be less than memory " + memory);
            }
        }
        return limits;
    }

    /** The config entries of one component, with Kanto's rules: multi-valued keys repeat, the last single value wins. */
    private static final class Reader {
        private final String name;
        private final List<KeyValue> config;

        Reader(String name, List<KeyValue> config) {
            this.name = name;
            this.config = config;
        }

        java.util.Optional<String> single(String key) {
            java.util.Optional<String> found = java.util.Optional.empty();
            for (KeyValue entry : config) {
                if (entry.key().equals(key)) {
                    found = java.util.Optional.of(entry.value());
                }
            }
            return found;
        }

        List<String> all(String key) {
            return config.stream().filter(e -> e.key().equals(key)).map(KeyValue::value).toList();
        }

        boolean bool(String key) throws InvalidDesiredStateException {
            java.util.Optional<String> value = single(key);
            if (value.isEmpty()) {
                return false;
            }
            return switch (value.get()) {
                case "1", "t", "T", "true", "TRUE", "True" -> true;
                case "0", "f", "F", "false", "FALSE", "False" -> false;
                default -> throw error(key, value.get(), "expected true or false");
            };
        }

        int nonNegativeInt(String key, int fallback) throws InvalidDesiredStateException {
            java.util.Optional<String> value = single(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value.get());
                if (number < 0) {
                    throw error(key, value.get(), "must not be negative");
                }
                return number;
            } catch (NumberFormatException e) {
                throw error(key, value.get(), "expected a whole number");
            }
        }

        java.util.Optional<String> size(String key) throws InvalidDesiredStateException {
            java.util.Optional<String> value = single(key);
            if (value.isPresent() && !ByteSize.isValid(value.get())) {
                throw error(key, value.get(), "expected a size such as 200M, 1.5G or 512k");
            }
            return value;
        }

        InvalidDesiredStateException error(String key, String value, String why) {
            return new InvalidDesiredStateException("Invalid configuration of container '" + name + "': "
                    + key + " '" + value + "': " + why);
        }

        void warnUnknown() {
            for (KeyValue entry : config) {
                if (!KNOWN_KEYS.contains(entry.key())) {
                    LOG.log(System.Logger.Level.WARNING, "container " + name + ": ignoring unknown config key '"
                            + entry.key() + "'");
                }
            }
        }
    }
}

package org.vehicleupdate.example.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vehicleupdate.example.core.ConfigException;
import org.vehicleupdate.example.core.ConfigFile;
import org.vehicleupdate.example.core.ConfigStore;

/**
 * The configuration files in a directory:
 *
 * <pre>
 * staging/&lt;activityId&gt;/&lt;id&gt;     a bundle copied for an activity
 * versions/&lt;id&gt;/&lt;version&gt;        each installed version
 * current/&lt;id&gt;                   a symbolic link to the version applications read, switched by an atomic rename
 * </pre>
 */
public final class DirectoryConfigStore implements ConfigStore {
    private final Path root;

    public DirectoryConfigStore(Path root) {
        this.root = root;
    }

    @Override
    public Optional<String> current(String id) {
        try {
            return Optional.of(Files.readSymbolicLink(root.resolve("current").resolve(id)).getFileName().toString());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + root.resolve("current").resolve(id) + ": " + e, e);
        }
    }

    @Override
    public Map<String, String> installed() {
        Map<String, String> installed = new TreeMap<>();
        Path current = root.resolve("current");
        if (Files.isDirectory(current)) {
            try (DirectoryStream<Path> links = Files.newDirectoryStream(current)) {
                for (Path link : links) {
                    String id = link.getFileName().toString();
                    current(id).ifPresent(version -> installed.put(id, version));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + current + ": " + e, e);
            }
        }
        return installed;
    }

    @Override
    public void stage(String activityId, ConfigFile file) throws ConfigException {
        Path staged = root.resolve("staging").resolve(activityId).resolve(file.id());
        try {
            Files.createDirectories(staged.getParent());
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(Path.of(file.source())), sha256)) {
                Files.copy(in, staged, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!file.sha256().isEmpty() && !file.sha256().equalsIgnoreCase(actual)) {
                Files.delete(staged);
                throw new ConfigException("bundle " + file.source() + " has SHA-256 " + actual + ", the desired state "
                        + "pins " + file.sha256());
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("bundle " + file.source() + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot copy bundle " + file.source() + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void install(String activityId, ConfigFile file) throws ConfigException {
        Path version = root.resolve("versions").resolve(file.id()).resolve(file.version());
        Path staged = root.resolve("staging").resolve(activityId).resolve(file.id());
        try {
            if (!Files.exists(version)) {
                Files.createDirectories(version.getParent());
                Files.move(staged, version, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot install version " + file.version() + ": " + e);
        }
    }

    @Override
    public void select(String id, String version) throws ConfigException {
        Path link = root.resolve("current").resolve(id);
        try {
            Files.createDirectories(link.getParent());
            if (version.isEmpty()) {
                Files.deleteIfExists(link);
                return;
            }
            Path target = root.resolve("versions").resolve(id).resolve(version);
            if (!Files.exists(target)) {
                throw new ConfigException("version " + version + " is not installed");
            }
            Path next = link.resolveSibling("." + id + ".next");
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, link.getParent().relativize(target));
            Files.move(next, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ConfigException("the file system of " + link + " cannot rename atomically");
        } catch (IOException e) {
            throw new ConfigException("cannot select version " + version + ": " + e);
        }
    }

    @Override
    public void remove(String id, String version, String activityId) throws ConfigException {
        try {
            if (!version.isEmpty() && !current(id).orElse("").equals(version)) {
                Files.deleteIfExists(root.resolve("versions").resolve(id).resolve(version));
            }
            deleteTree(root.resolve("staging").resolve(activityId));
        } catch (IOException e) {
            throw new ConfigException("cannot remove version " + version + ": " + e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

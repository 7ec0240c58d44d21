package org.vehicleupdate.kit.journal;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.vehicleupdate.messages.json.WireJson;

/**
 * One JSON document that survives power loss: written to a temporary file, flushed to the disk, renamed over
 * the old one and the directory flushed, so after a crash the file holds either the old or the new state,
 * never a mix. A service writes it before it reports a new state.
 */
public final class JournalFile<T> {
    private static final System.Logger LOG = System.getLogger(JournalFile.class.getName());

    private final Path file;
    private final Class<T> type;

    public JournalFile(Path file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    public Path path() {
        return file;
    }

    /**
     * The saved state, or empty when there is none. A file that cannot be read (written by an incompatible
     * version, damaged by hand) is moved aside with a log line, so that it never blocks future updates.
     */
    public Optional<T> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            T value = WireJson.gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            return Optional.ofNullable(value);
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            LOG.log(System.Logger.Level.ERROR, "journal " + file + " is unreadable (" + e.getMessage()
                    + "); moved to " + aside + " and starting without it");
            moveAside(aside);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
    }

    public void save(T value) {
        byte[] json = WireJson.gson().toJson(value).getBytes(StandardCharsets.UTF_8);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file + " cannot rename atomically", e);
            }
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    public void clear() {
        try {
            Files.deleteIfExists(file);
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete journal " + file, e);
        }
    }

    private void moveAside(Path aside) {
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move unreadable journal " + file + " aside", e);
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}

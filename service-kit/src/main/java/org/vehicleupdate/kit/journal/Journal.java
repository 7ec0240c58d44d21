package org.vehicleupdate.kit.journal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A service's journal: an append-only file of explicit records that survives power loss.
 *
 * <p>Each record is one line, {@code <crc32> {"v":1,"type":"...","record":{...}}}, made durable by one
 * {@code fdatasync} before {@link #append} returns, so a service can report a new state right after; or
 * {@link #write written} at once and made durable with the others of the same message by one {@link #sync}. A
 * power cut can only tear the last line, which was never acknowledged; it is dropped when the file is opened
 * (with a log line) and cut off. Damage anywhere else, a record of a newer version, an unknown record type or field are
 * refused with a {@link JournalFormatException}: the journal is never half-resumed.
 *
 * <p>The file only grows until the service {@link #rewrite rewrites} it with what it still needs (on start,
 * after folding the records into its state, and whenever it likes): a temporary file, flushed, renamed over the
 * old one, the directory flushed, so a crash leaves either the old or the new file.
 *
 * <p>The first line names the journal ({@code {"journal":"update-manager","format":1}}), so a file of another
 * service is never read as this one's.
 *
 * @param <R> the service's record type
 */
public final class Journal<R> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Journal.class.getName());
    private static final int FORMAT = 1;
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final String name;
    private final RecordCodec<R> codec;
    private final List<R> records;
    private FileChannel channel;
    private long size;
    /** Records were written since the last {@code fdatasync}. */
    private boolean unsynced;

    private Journal(Path file, String name, RecordCodec<R> codec, List<R> records) {
        this.file = file;
        this.name = name;
        this.codec = codec;
        this.records = List.copyOf(records);
    }

    /**
     * Opens the journal {@code name} at {@code file}, creating it when there is none, and reads its records.
     *
     * @throws JournalFormatException when the file is not fully understood
     * @throws UncheckedIOException   when it cannot be read or written
     */
    public static <R> Journal<R> open(Path file, String name, RecordCodec<R> codec) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file) || Files.size(file) == 0) {
                Journal<R> journal = new Journal<>(file, name, codec, List.of());
                journal.rewrite(List.of());
                return journal;
            }
            Read<R> read = read(file, name, codec);
            Journal<R> journal = new Journal<>(file, name, codec, read.records());
            journal.channel = FileChannel.open(file, StandardOpenOption.WRITE);
            if (read.validLength() < Files.size(file)) {
                LOG.log(System.Logger.Level.WARNING, "journal " + file + ": the last record was cut off by a crash"
                        + " before it was complete; dropped (it had not been reported)");
                journal.channel.truncate(read.validLength());
                journal.channel.force(true);
            }
            journal.size = read.validLength();
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    /** The records found when the journal was opened, oldest first. */
    public List<R> records() {
        return records;
    }

    public Path path() {
        return file;
    }

    /** The file's length in bytes: what a service looks at to decide when to {@link #rewrite}. */
    public synchronized long size() {
        return size;
    }

    /** Appends a record and returns when it is on the disk. */
    public synchronized void append(R record) {
        write(record);
        sync();
    }

    /**
     * Appends a record without waiting for the disk: it is durable once {@link #sync} returned. A service writes
     * all the records that one message causes and syncs once before it publishes what they announce (group
     * commit).
     */
    public synchronized void write(R record) {
        ByteBuffer line = ByteBuffer.wrap(line(encode(record)));
        try {
            long at = size;
            while (line.hasRemaining()) {
                at += channel.write(line, at);
            }
            size = at;
            unsynced = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    /** Makes every record written so far durable ({@code fdatasync}); nothing to do when none was written since. */
    public synchronized void sync() {
        if (!unsynced) {
            return;
        }
        try {
            channel.force(false);
            unsynced = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    /** Replaces the whole journal with these records, atomically: what a service keeps when it compacts. */
    public synchronized void rewrite(List<R> keep) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] content = content(keep);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (channel != null) {
                channel.close();
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file + " cannot rename atomically", e);
            }
            syncDirectory();
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            size = content.length;
            unsynced = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close journal " + file, e);
        }
    }

    private byte[] content(List<R> keep) {
        StringBuilder text = new StringBuilder();
        text.append(new String(line(header()), StandardCharsets.UTF_8));
        for (R record : keep) {
            text.append(new String(line(encode(record)), StandardCharsets.UTF_8));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject header() {
        JsonObject header = new JsonObject();
        header.addProperty("journal", name);
        header.addProperty("format", FORMAT);
        return header;
    }

    private JsonObject encode(R record) {
        JsonObject fields = new JsonObject();
        codec.write(record, new RecordWriter(fields));
        JsonObject json = new JsonObject();
        json.addProperty("v", codec.version());
        json.addProperty("type", codec.type(record));
        json.add("record", fields);
        return json;
    }

    private static byte[] line(JsonObject json) {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[9 + body.length + 1];
        byte[] crc = HEX.toHexDigits((int) crc(body)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, line, 0, 8);
        line[8] = ' ';
        System.arraycopy(body, 0, line, 9, body.length);
        line[line.length - 1] = '\n';
        return line;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private record Read<R>(List<R> records, long validLength) {
    }

    private static <R> Read<R> read(Path file, String name, RecordCodec<R> codec) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<R> records = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = indexOf(bytes, (byte) '\n', start);
            if (end < 0) {
                break; // the last line never got its end: torn by a crash
            }
            JsonObject json = checked(bytes, start, end);
            if (json == null) {
                if (indexOf(bytes, (byte) '\n', end + 1) < 0) {
                    break; // the last complete line is damaged: torn the same way
                }
                throw new JournalFormatException("journal " + file + " line " + lineNumber
                        + " is damaged (its checksum does not match) and records follow it");
            }
            String where = "journal " + file + " line " + lineNumber;
            if (lineNumber == 1) {
                checkHeader(json, name, where);
            } else {
                records.add(decode(json, codec, where));
            }
            start = end + 1;
        }
        if (start == 0) {
            throw new JournalFormatException("journal " + file + " has no complete header line");
        }
        return new Read<>(records, start);
    }

    /** The line's JSON when its checksum matches, otherwise null. */
    private static JsonObject checked(byte[] bytes, int start, int end) {
        if (end - start < 10 || bytes[start + 8] != ' ') {
            return null;
        }
        String crc = new String(bytes, start, 8, StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOfRange(bytes, start + 9, end);
        try {
            if (Long.parseLong(crc, 16) != crc(body)) {
                return null;
            }
            JsonElement json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            return json.isJsonObject() ? json.getAsJsonObject() : null;
        } catch (NumberFormatException | JsonParseException e) {
            return null;
        }
    }

    private static void checkHeader(JsonObject json, String name, String where) {
        RecordReader header = new RecordReader(json, where);
        String journal = header.text("journal");
        int format = header.integer("format");
        header.end();
        if (!journal.equals(name)) {
            throw new JournalFormatException(where + ": this is the journal of '" + journal + "', not of '" + name
                    + "'");
        }
        if (format != FORMAT) {
            throw new JournalFormatException(where + ": file format " + format + " is not known to this version"
                    + " (it reads format " + FORMAT + ")");
        }
    }

    private static <R> R decode(JsonObject json, RecordCodec<R> codec, String where) {
        RecordReader envelope = new RecordReader(json, where);
        int version = envelope.integer("v");
        String type = envelope.text("type");
        RecordReader fields = envelope.object("record");
        envelope.end();
        if (version < 1 || version > codec.version()) {
            throw new JournalFormatException(where + ": record '" + type + "' has version " + version
                    + "; this version of the service reads versions 1 to " + codec.version()
                    + " (written by a newer version?)");
        }
        return codec.read(type, version, fields.renamed(where + ", record '" + type + "' v" + version));
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}

package org.vehicleupdate.kit.journal;

/**
 * How one service writes and reads its journal records: field by field, by hand, never by reflection, so that
 * renaming a Java field cannot silently change the file or drop resumed state.
 *
 * <p>Every record is written with {@link #version()}. A build reads the versions it knows (up to its own) and
 * refuses a newer one, an unknown record type and an unknown field with a {@link JournalFormatException} that
 * names them: a journal it does not fully understand is never half-resumed.
 *
 * @param <R> the service's record type, usually a sealed interface of immutable records
 */
public interface RecordCodec<R> {

    /** The format version this build writes, and the newest it can read. */
    int version();

    /** The record's type name as written in the file ({@code "type"}). */
    String type(R record);

    /** The record's fields. */
    void write(R record, RecordWriter fields);

    /**
     * Reads a record written with {@code version} (1 up to {@link #version()}). Must read every field it expects
     * and call {@link RecordReader#end()}, which refuses fields it did not read.
     */
    R read(String type, int version, RecordReader fields);
}

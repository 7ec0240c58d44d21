package org.vehicleupdate.containers.spec;

/**
 * The container's log, Kanto's {@code log*} keys after its defaults: json-file, 2 files of 100M, blocking.
 *
 * @param maxBufferSize only meaningful in {@code non-blocking} mode, empty otherwise (Kanto clears it)
 */
public record LogSettings(String driver, int maxFiles, String maxSize, String path, String mode, String maxBufferSize) {
    public static final LogSettings DEFAULT = new LogSettings("json-file", 2, "100M", "", "blocking", "");
}

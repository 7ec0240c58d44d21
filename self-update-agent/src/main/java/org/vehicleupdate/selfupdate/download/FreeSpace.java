package org.vehicleupdate.selfupdate.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How many bytes can still be written into a directory. */
@FunctionalInterface
public interface FreeSpace {
    long usableBytes(Path directory) throws IOException;

    static FreeSpace ofFileStore() {
        return directory -> Files.getFileStore(directory).getUsableSpace();
    }
}

package org.vehicleupdate.selfupdate.core;

import java.io.IOException;
import java.nio.file.Path;

/** The port that reads a downloaded bundle's SHA-256, to hold it against the digest the desired state pins. */
@FunctionalInterface
public interface BundleDigest {

    /** @return the SHA-256 of the file's content as 64 lowercase hexadecimal digits */
    String sha256(Path bundle) throws IOException;
}

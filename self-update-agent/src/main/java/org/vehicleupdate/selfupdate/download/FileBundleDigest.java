package org.vehicleupdate.selfupdate.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.vehicleupdate.selfupdate.core.BundleDigest;

/**
 * The SHA-256 of a bundle file, read in 1 MiB blocks: the JDK's SHA-256 runs on the CPU's SHA instructions where
 * there are any (about 1 GB/s here), and the bundle was just written, so it comes from the page cache.
 */
public final class FileBundleDigest implements BundleDigest {
    private static final int BLOCK = 1 << 20;

    @Override
    public String sha256(Path bundle) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        byte[] block = new byte[BLOCK];
        try (InputStream in = Files.newInputStream(bundle)) {
            for (int n = in.read(block); n >= 0; n = in.read(block)) {
                sha256.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}

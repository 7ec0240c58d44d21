package org.vehicleupdate.cli.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Key files: a JWK (JSON) or PEM (PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} as openssl writes it,
 * or {@code PUBLIC KEY}); EC P-256 only. A private key file written here holds the public key too (PEM: a second
 * block), and is readable by its owner only.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static ECKey read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        JWK key;
        try {
            key = text.startsWith("{") ? JWK.parse(text) : JWK.parseFromPEMEncodedObjects(text);
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new IllegalArgumentException("key file " + file + " holds no readable JWK or PEM key: "
                    + e.getMessage(), e);
        }
        if (!(key instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new IllegalArgumentException("key file " + file + " holds a " + key.getKeyType()
                    + " key; an EC P-256 key is needed (vehicle-update keygen makes one)");
        }
        return ec;
    }

    /** Writes the private key (and its public part) to {@code file}, PEM when the name ends with .pem. */
    public static void writePrivate(Path file, ECKey key) {
        String content;
        try {
            content = isPem(file) ? pem("PRIVATE KEY", key.toECPrivateKey().getEncoded())
                    + pem("PUBLIC KEY", key.toECPublicKey().getEncoded()) : key.toJSONString() + "\n";
        } catch (JOSEException e) {
            throw new IllegalStateException("a generated key always converts", e);
        }
        write(file, content, true);
    }

    public static void writePublic(Path file, ECKey key) {
        ECKey publicKey = new ECKey.Builder(key.getCurve(), key.getX(), key.getY()).build();
        try {
            write(file, isPem(file) ? pem("PUBLIC KEY", publicKey.toECPublicKey().getEncoded())
                    : publicKey.toJSONString() + "\n", false);
        } catch (JOSEException e) {
            throw new IllegalStateException("a generated key always converts", e);
        }
    }

    /** {@code key.jwk} → {@code key.pub.jwk}, {@code key.pem} → {@code key.pub.pem}. */
    public static Path publicFileFor(Path privateFile) {
        String name = privateFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String publicName = dot < 0 ? name + ".pub" : name.substring(0, dot) + ".pub" + name.substring(dot);
        return privateFile.resolveSibling(publicName);
    }

    private static boolean isPem(Path file) {
        return file.getFileName().toString().endsWith(".pem");
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(Path file, String content, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.deleteIfExists(file);
            if (secret && parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * What a signature covers: the RFC 8785 (JCS) canonical form of the JSON as it was received, so that a signer in
 * any language produces the same bytes. The JSON is read strictly: a duplicate member is refused, since two
 * parsers could otherwise disagree on which value was signed and which is executed.
 */
public final class CanonicalJson {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
            .build();

    private CanonicalJson() {
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }

    /** @throws TrustException naming {@code what} and the syntax problem */
    public static ObjectNode readObject(byte[] raw, String what) throws TrustException {
        JsonNode node;
        try {
            node = STRICT.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new TrustException(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TrustException(what + " is unreadable: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new TrustException(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * The canonical UTF-8 bytes of {@code node}. Jackson keeps every value as it was read (integers of any size,
     * floating point numbers as the same doubles), and JCS then writes numbers as RFC 8785 says (ECMAScript's
     * shortest form), so the result equals the canonical form of the original text.
     */
    public static byte[] canonical(JsonNode node) throws TrustException {
        try {
            return new JsonCanonicalizer(STRICT.writeValueAsString(node)).getEncodedUTF8();
        } catch (IOException e) {
            throw new TrustException("cannot be put in canonical form (RFC 8785): " + e.getMessage(), e);
        }
    }

    /** The object without one member, in canonical form: the bytes a detached signature in that member covers. */
    public static byte[] canonicalWithout(ObjectNode node, String member) throws TrustException {
        ObjectNode copy = node.deepCopy();
        copy.remove(member);
        return canonical(copy);
    }

    public static byte[] pretty(JsonNode node) {
        try {
            return (PRETTY.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            // a tree built or read here always serialises
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

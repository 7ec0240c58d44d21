package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JWS (RFC 7515) in the General JSON Serialization with a detached payload (RFC 7515, appendix F):
 * {@code {"signatures": [{"protected": "<base64url header>", "signature": "<base64url>"}, ...]}}. The payload is
 * the canonical JSON of the document the signatures sit in, without them. Several signatures meet a threshold.
 */
public record JwsSignatures(List<Entry> entries) {
    /** The only algorithm accepted: ECDSA with P-256 and SHA-256 (docs/trust.md says why). */
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    public JwsSignatures {
        entries = List.copyOf(entries);
    }

    /** One signature: its protected header as sent (the signing input uses those exact bytes) and its value. */
    public record Entry(Base64URL protectedHeader, JWSHeader header, Base64URL signature) {

        /**
         * @param understood header parameters listed in {@code crit} that the caller checks itself
         */
        public boolean verifies(ECKey key, byte[] payload, Set<String> understood) {
            try {
                JWSObject jws = new JWSObject(protectedHeader, new Payload(payload), signature);
                return jws.verify(new ECDSAVerifier(key.toECPublicKey(), understood));
            } catch (ParseException | JOSEException e) {
                // a malformed signature value or a key that does not fit: this signature does not verify
                return false;
            }
        }
    }

    /** @throws TrustException saying what is malformed */
    public static JwsSignatures parse(JsonNode node) throws TrustException {
        if (node == null || !node.isObject() || !node.path("signatures").isArray()) {
            throw new TrustException("not a JWS in JSON serialization: expected {\"signatures\": [{\"protected\": "
                    + "..., \"signature\": ...}]}");
        }
        List<Entry> entries = new ArrayList<>();
        int index = 0;
        for (JsonNode item : node.get("signatures")) {
            String where = "signatures[" + index++ + "]";
            if (!item.path("protected").isTextual() || !item.path("signature").isTextual()) {
                throw new TrustException(where + ": expected the strings protected and signature");
            }
            Base64URL protectedHeader = new Base64URL(item.get("protected").asText());
            JWSHeader header;
            try {
                header = JWSHeader.parse(protectedHeader);
            } catch (ParseException e) {
                throw new TrustException(where + ": the protected header is unreadable: " + e.getMessage(), e);
            }
            entries.add(new Entry(protectedHeader, header, new Base64URL(item.get("signature").asText())));
        }
        return new JwsSignatures(entries);
    }

    /** Signs {@code payload} with a private key; {@code header} names the key and carries the claims. */
    public static Entry sign(byte[] payload, ECKey privateKey, JWSHeader header) throws TrustException {
        try {
            JWSObject jws = new JWSObject(header, new Payload(payload));
            jws.sign(new ECDSASigner(privateKey));
            return new Entry(jws.getHeader().toBase64URL(), jws.getHeader(), jws.getSignature());
        } catch (JOSEException e) {
            throw new TrustException("cannot sign with key " + privateKey.getKeyID() + ": " + e.getMessage(), e);
        }
    }

    public JwsSignatures plus(Entry entry) {
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry);
        return new JwsSignatures(more);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode list = node.putArray("signatures");
        for (Entry entry : entries) {
            list.addObject().put("protected", entry.protectedHeader().toString())
                    .put("signature", entry.signature().toString());
        }
        return node;
    }
}

package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import java.util.List;
import java.util.Map;

/** Signs messages and trust roots as {@link TrustGate} verifies them: the operator's side, used by the CLI. */
public final class Signer {
    private Signer() {
    }

    /**
     * The message with a signature member made with each key; an existing signature is kept and added to when
     * {@code add} is set (the holders of a threshold's keys sign one after the other), replaced otherwise.
     */
    public static ObjectNode signMessage(ObjectNode message, List<ECKey> privateKeys, Claims claims, boolean add)
            throws TrustException {
        SignedMessage read = SignedMessage.of(message);
        JwsSignatures signatures = add && read.signatures().isPresent() ? read.signatures().get()
                : new JwsSignatures(List.of());
        for (ECKey key : privateKeys) {
            signatures = signatures.plus(JwsSignatures.sign(read.signedBytes(), key, header(key, claims.headerParams(),
                    true)));
        }
        ObjectNode signed = message.deepCopy();
        signed.remove(SignedMessage.MEMBER);
        signed.set(SignedMessage.MEMBER, signatures.toJson());
        return signed;
    }

    /** The trust root document with a signature of each key added over its {@code signed} part. */
    public static ObjectNode signRoot(ObjectNode root, List<ECKey> privateKeys) throws TrustException {
        TrustRoot parsed = TrustRoot.parse(root);
        JwsSignatures signatures = parsed.signatures();
        for (ECKey key : privateKeys) {
            signatures = signatures.plus(JwsSignatures.sign(parsed.signedCanonical(), key, header(key, Map.of(),
                    false)));
        }
        ObjectNode signed = root.deepCopy();
        signed.set("signatures", signatures.toJson().get("signatures"));
        return signed;
    }

    private static JWSHeader header(ECKey key, Map<String, Object> claims, boolean critical) throws TrustException {
        if (!key.isPrivate()) {
            throw new TrustException("key " + KeyIds.of(key) + " is a public key; signing needs the private key");
        }
        JWSHeader.Builder builder = new JWSHeader.Builder(JwsSignatures.ALGORITHM).keyID(KeyIds.of(key))
                .customParams(claims);
        if (critical) {
            builder.criticalParams(Claims.CRITICAL);
        }
        return builder.build();
    }
}

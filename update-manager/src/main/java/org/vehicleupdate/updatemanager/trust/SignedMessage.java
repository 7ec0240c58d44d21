package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A message (the Kanto envelope) with the optional member {@code signature}, read exactly as it was received.
 * The signature covers the canonical JSON of the message without that member, so Kanto's services, which ignore
 * unknown members, take a signed message as it is.
 *
 * @param signedBytes     the canonical JSON the signatures must cover
 * @param signatureDigest SHA-256 of the signature member's canonical JSON (empty when unsigned): tells a
 *                        redelivery of an accepted message from a new one
 */
public record SignedMessage(ObjectNode message, String activityId, byte[] signedBytes,
        Optional<JwsSignatures> signatures, String signatureDigest) {
    public static final String MEMBER = "signature";

    public static SignedMessage read(byte[] raw) throws TrustException {
        return of(CanonicalJson.readObject(raw, "the message"));
    }

    public static SignedMessage of(ObjectNode message) throws TrustException {
        String activityId = message.path("activityId").isTextual() ? message.get("activityId").asText() : "";
        byte[] signedBytes = CanonicalJson.canonicalWithout(message, MEMBER);
        JsonNode member = message.get(MEMBER);
        if (member == null || member.isNull()) {
            return new SignedMessage(message, activityId, signedBytes, Optional.empty(), "");
        }
        return new SignedMessage(message, activityId, signedBytes, Optional.of(JwsSignatures.parse(member)),
                CanonicalJson.sha256(CanonicalJson.canonical(member)));
    }

    /**
     * The claims of a message signed by a threshold of {@code role}'s keys, bound to {@code vehicleId}. Expiry
     * and sequence are the caller's to judge, since a redelivery of an accepted message is judged differently.
     *
     * @throws TrustException why the signatures do not count (the refusal's text after "signature: ")
     */
    public Claims verify(TrustRoot root, String role, String vehicleId) throws TrustException {
        JwsSignatures signed = signatures.orElseThrow(() -> new TrustException("missing"));
        Tally tally = root.tally(signed, signedBytes, role, Claims.CRITICAL);
        if (!tally.met()) {
            throw new TrustException(tally.shortfall());
        }
        Claims claims = null;
        for (JwsSignatures.Entry entry : signed.entries()) {
            if (!tally.validKeys().contains(entry.header().getKeyID())) {
                continue;
            }
            Claims these = Claims.of(entry.header());
            if (claims != null && !claims.equals(these)) {
                throw new TrustException("the signatures disagree on vehicle, exp or seq (" + claims + ", " + these
                        + ")");
            }
            claims = these;
        }
        if (claims == null) {
            throw new TrustException("no valid signature");
        }
        if (!claims.vehicle().equals(vehicleId)) {
            throw new TrustException("signed for vehicle " + claims.vehicle() + ", this is vehicle " + vehicleId);
        }
        return claims;
    }
}

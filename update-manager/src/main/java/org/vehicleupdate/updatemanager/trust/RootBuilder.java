package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.List;

/** Writes an unsigned trust root (signatures are added with {@link Signer#signRoot}). */
public final class RootBuilder {
    private RootBuilder() {
    }

    /** @param rootKeys, desiredStateKeys public (or private: only the public part is written) P-256 keys */
    public static ObjectNode unsigned(int version, Instant expires, List<ECKey> rootKeys, int rootThreshold,
            List<ECKey> desiredStateKeys, int desiredStateThreshold) throws TrustException {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ObjectNode signed = document.putObject("signed");
        signed.put("_type", TrustRoot.TYPE);
        signed.put("version", version);
        signed.put("expires", expires.toString());
        ObjectNode keys = signed.putObject("keys");
        ObjectNode roles = signed.putObject("roles");
        role(roles.putObject(Role.ROOT), keys, rootKeys, rootThreshold);
        role(roles.putObject(Role.DESIRED_STATE), keys, desiredStateKeys, desiredStateThreshold);
        document.putArray("signatures");
        TrustRoot.parse(document); // the same rules as on the vehicle, so a mistake shows here
        return document;
    }

    private static void role(ObjectNode role, ObjectNode keys, List<ECKey> members, int threshold) {
        ArrayNode ids = role.putArray("keyids");
        for (ECKey key : members) {
            ECKey publicKey = new ECKey.Builder(key.getCurve(), key.getX(), key.getY()).build();
            String id = KeyIds.of(publicKey);
            keys.set(id, CanonicalJson.mapper().valueToTree(publicKey.toJSONObject()));
            ids.add(id);
        }
        role.put("threshold", threshold);
    }
}

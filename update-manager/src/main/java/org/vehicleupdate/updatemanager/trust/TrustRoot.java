package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trust root, TUF-style: {@code {"signed": {"_type": "root", "version", "expires", "keys", "roles"},
 * "signatures": [...]}}. Keys are public JWKs (EC P-256) under their RFC 7638 thumbprint; the roles {@code root}
 * and {@code desired-state} each name their keys and a threshold. The signatures are detached JWS over the
 * canonical JSON of {@code signed}.
 */
public final class TrustRoot {
    public static final String TYPE = "root";

    private final ObjectNode document;
    private final int version;
    private final Instant expires;
    private final Map<String, ECKey> keys;
    private final Map<String, Role> roles;
    private final byte[] signedCanonical;
    private final JwsSignatures signatures;
    private final String digest;

    private TrustRoot(ObjectNode document, int version, Instant expires, Map<String, ECKey> keys,
            Map<String, Role> roles, byte[] signedCanonical, JwsSignatures signatures, String digest) {
        this.document = document;
        this.version = version;
        this.expires = expires;
        this.keys = keys;
        this.roles = roles;
        this.signedCanonical = signedCanonical;
        this.signatures = signatures;
        this.digest = digest;
    }

    public static TrustRoot parse(byte[] json) throws TrustException {
        return parse(CanonicalJson.readObject(json, "the trust root"));
    }

    /** Reads the structure; whether the signatures count is for {@link #tally} to say. */
    public static TrustRoot parse(ObjectNode document) throws TrustException {
        JsonNode signed = document.get("signed");
        if (signed == null || !signed.isObject()) {
            throw new TrustException("the trust root has no object 'signed'");
        }
        if (!TYPE.equals(signed.path("_type").asText())) {
            throw new TrustException("the trust root's signed._type must be \"root\"");
        }
        JsonNode versionNode = signed.get("version");
        if (versionNode == null || !versionNode.canConvertToInt() || !versionNode.isIntegralNumber()
                || versionNode.asInt() < 1) {
            throw new TrustException("the trust root's signed.version must be an integer from 1 up");
        }
        Instant expires;
        try {
            expires = Instant.parse(signed.path("expires").asText());
        } catch (DateTimeParseException e) {
            throw new TrustException("the trust root's signed.expires must be a time such as 2030-01-01T00:00:00Z,"
                    + " got '" + signed.path("expires").asText() + "'");
        }
        Map<String, ECKey> keys = keys(signed.get("keys"));
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String name : List.of(Role.ROOT, Role.DESIRED_STATE)) {
            roles.put(name, role(signed.path("roles").get(name), name, keys));
        }
        JwsSignatures signatures = JwsSignatures.parse(document.has("signatures") ? document : null);
        return new TrustRoot(document.deepCopy(), versionNode.asInt(), expires, Map.copyOf(keys), Map.copyOf(roles),
                CanonicalJson.canonical(signed), signatures,
                CanonicalJson.sha256(CanonicalJson.canonical(document)));
    }

    private static Map<String, ECKey> keys(JsonNode node) throws TrustException {
        if (node == null || !node.isObject()) {
            throw new TrustException("the trust root has no object signed.keys");
        }
        Map<String, ECKey> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            ECKey key;
            try {
                key = ECKey.parse(entry.getValue().toString());
            } catch (ParseException e) {
                throw new TrustException("signed.keys." + id + " is not an EC public key in JWK form: "
                        + e.getMessage(), e);
            }
            if (!Curve.P_256.equals(key.getCurve())) {
                throw new TrustException("signed.keys." + id + " is on curve " + key.getCurve()
                        + "; only P-256 keys are accepted");
            }
            if (key.isPrivate()) {
                throw new TrustException("signed.keys." + id + " holds a private key; a trust root holds public keys"
                        + " only");
            }
            String thumbprint = KeyIds.of(key);
            if (!thumbprint.equals(id)) {
                throw new TrustException("signed.keys." + id + ": the key's id must be its JWK thumbprint "
                        + thumbprint);
            }
            keys.put(id, key);
        }
        return keys;
    }

    private static Role role(JsonNode node, String name, Map<String, ECKey> keys) throws TrustException {
        String where = "signed.roles." + name;
        if (node == null || !node.isObject() || !node.path("keyids").isArray()) {
            throw new TrustException("the trust root has no role " + name + " (" + where + ".keyids)");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : node.get("keyids")) {
            if (!keys.containsKey(id.asText())) {
                throw new TrustException(where + ".keyids names " + id.asText() + ", which is not in signed.keys");
            }
            ids.add(id.asText());
        }
        JsonNode threshold = node.get("threshold");
        if (threshold == null || !threshold.isIntegralNumber() || threshold.asInt() < 1
                || threshold.asInt() > ids.size()) {
            throw new TrustException(where + ".threshold must be an integer from 1 to the number of its keys ("
                    + ids.size() + ")");
        }
        return new Role(new ArrayList<>(ids), threshold.asInt());
    }

    /**
     * Counts the signatures over {@code payload} made with keys of this root's {@code role}.
     *
     * @param understood header parameters in {@code crit} that the caller checks itself
     */
    public Tally tally(JwsSignatures signed, byte[] payload, String role, Set<String> understood) {
        Role wanted = roles.get(role);
        Set<String> valid = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (JwsSignatures.Entry entry : signed.entries()) {
            String kid = entry.header().getKeyID();
            if (!JwsSignatures.ALGORITHM.equals(entry.header().getAlgorithm())) {
                problems.add("algorithm " + entry.header().getAlgorithm() + " is not accepted (" + JwsSignatures.ALGORITHM
                        + " only)");
            } else if (kid == null) {
                problems.add("a signature names no key (kid)");
            } else if (!keys.containsKey(kid)) {
                problems.add("key " + kid + " is not in trust root version " + version);
            } else if (!wanted.keyIds().contains(kid)) {
                problems.add("key " + kid + " is not a " + role + " key of trust root version " + version);
            } else if (!entry.verifies(keys.get(kid), payload, understood)) {
                problems.add("the signature of key " + kid + " does not verify: the message was changed after it"
                        + " was signed");
            } else {
                valid.add(kid);
            }
        }
        return new Tally(role, version, wanted.threshold(), valid, problems);
    }

    /** A root is in force only when a threshold of its own root keys signed it. */
    public void requireSelfSigned() throws TrustException {
        Tally own = tally(signatures, signedCanonical, Role.ROOT, Set.of());
        if (!own.met()) {
            throw new TrustException("trust root version " + version + " is not signed by its own root keys: "
                    + own.shortfall());
        }
    }

    public int version() {
        return version;
    }

    public Instant expires() {
        return expires;
    }

    public Map<String, ECKey> keys() {
        return keys;
    }

    public Role role(String name) {
        return roles.get(name);
    }

    public byte[] signedCanonical() {
        return signedCanonical.clone();
    }

    public JwsSignatures signatures() {
        return signatures;
    }

    /** SHA-256 of the canonical document: which root a saved sequence belongs to. */
    public String digest() {
        return digest;
    }

    public ObjectNode document() {
        return document.deepCopy();
    }

    /** For log lines and answers, e.g. {@code version 2 (root keys a, b; desired-state keys c)}. */
    public String describe() {
        return "version " + version + " (root keys " + String.join(", ", roles.get(Role.ROOT).keyIds())
                + ", threshold " + roles.get(Role.ROOT).threshold() + "; desired-state keys "
                + String.join(", ", roles.get(Role.DESIRED_STATE).keyIds()) + ", threshold "
                + roles.get(Role.DESIRED_STATE).threshold() + "; expires " + expires + ")";
    }
}

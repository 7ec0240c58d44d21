package org.vehicleupdate.containers.core;

import org.vehicleupdate.containers.spec.ContainerSpec;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vehicleupdate.messages.json.WireJson;

/**
 * The labels by which the agent recognises its own containers. Only a container with
 * {@code vehicle-update.managed=true} is ever changed; the spec label holds the desired configuration it was
 * created from, and the activity label ties a new container to the update that created it, so that a rollback
 * after a crash finds it even when the journal never learnt its id.
 */
public final class ManagedLabels {
    public static final String MANAGED = "vehicle-update.managed";
    public static final String NAME = "vehicle-update.name";
    public static final String VERSION = "vehicle-update.version";
    public static final String ACTIVITY = "vehicle-update.activity";
    public static final String CONFIG_HASH = "vehicle-update.config-hash";
    public static final String SPEC = "vehicle-update.spec";

    private ManagedLabels() {
    }

    public static Map<String, String> of(ContainerSpec spec, String version, String activityId) {
        String json = WireJson.gson().toJson(spec);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(NAME, spec.name());
        labels.put(VERSION, version);
        labels.put(ACTIVITY, activityId);
        labels.put(CONFIG_HASH, sha256(json));
        labels.put(SPEC, json);
        return labels;
    }

    public static boolean isManaged(Map<String, String> labels) {
        return "true".equals(labels.get(MANAGED));
    }

    /** The spec the container was created from; empty when the label is missing or from an incompatible version. */
    public static Optional<ContainerSpec> spec(Map<String, String> labels) {
        String json = labels.get(SPEC);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(WireJson.gson().fromJson(json, ContainerSpec.class));
        } catch (JsonParseException | NullPointerException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String previousName(String name) {
        return name + ContainerSpec.PREVIOUS_SUFFIX;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package org.vehicleupdate.updatemanager.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kanto's (and Leda's) update-manager JSON configuration file, translated to this service's property keys, so
 * that {@code /etc/update-manager/config.json} works unchanged. Keys that have no meaning here ({@code log.*},
 * the unused {@code disconnectTimeout}) are accepted and reported in {@link #notes()}.
 */
public final class KantoConfigFile {
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private KantoConfigFile() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static KantoConfigFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("configuration file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("configuration file " + file + " must hold a JSON object");
        }
        KantoConfigFile config = new KantoConfigFile();
        config.translate(root.getAsJsonObject());
        return config;
    }

    /** Property keys ({@code um.*}, {@code mqtt.*}) with the values the file gives. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void translate(JsonObject root) {
        text(root, "domain", "um.domain");
        text(root, "rebootEnabled", "um.reboot-enabled");
        text(root, "rebootAfter", "um.reboot-after");
        text(root, "reportFeedbackInterval", "um.report-feedback-interval");
        text(root, "currentStateDelay", "um.current-state-delay");
        text(root, "phaseTimeout", "um.phase-timeout");
        text(root, "ownerConsentTimeout", "um.owner-consent-timeout");
        text(root, "failurePolicy", "um.failure-policy");
        if (root.has("ownerConsentCommands") && root.get("ownerConsentCommands").isJsonArray()) {
            JsonArray commands = root.getAsJsonArray("ownerConsentCommands");
            List<String> names = new ArrayList<>();
            commands.forEach(c -> names.add(c.getAsString().toUpperCase(java.util.Locale.ROOT)));
            properties.put("um.owner-consent-commands", String.join(",", names));
        }
        if (root.has("agents") && root.get("agents").isJsonObject()) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, JsonElement> agent : root.getAsJsonObject("agents").entrySet()) {
                names.add(agent.getKey());
                if (agent.getValue().isJsonObject()) {
                    JsonObject settings = agent.getValue().getAsJsonObject();
                    String prefix = "um.agents." + agent.getKey();
                    text(settings, "rebootRequired", prefix + ".reboot-required");
                    text(settings, "readTimeout", prefix + ".read-timeout");
                }
            }
            properties.put("um.agents", String.join(",", names));
        }
        text(root, "thingsEnabled", "um.things-enabled");
        if (root.has("log")) {
            notes.add("log.* is not used: logging is configured with quarkus.log.* properties");
        }
        if (root.has("connection") && root.get("connection").isJsonObject()) {
            JsonObject connection = root.getAsJsonObject("connection");
            if (connection.has("broker")) {
                String broker = connection.get("broker").getAsString();
                if (broker.contains("://")) {
                    properties.put("mqtt.url", broker);
                } else {
                    notes.add("connection.broker '" + broker + "' is not a URL such as tcp://host:1883; ignored");
                }
            }
            text(connection, "username", "mqtt.username");
            text(connection, "password", "mqtt.password");
            text(connection, "caCert", "mqtt.ca-file");
            text(connection, "cert", "mqtt.cert-file");
            text(connection, "key", "mqtt.key-file");
            duration(connection, "keepAlive", "mqtt.keep-alive");
            duration(connection, "connectTimeout", "mqtt.connect-timeout");
            duration(connection, "acknowledgeTimeout", "mqtt.acknowledge-timeout");
        }
    }

    private void text(JsonObject object, String name, String key) {
        JsonElement value = object.get(name);
        if (value != null && value.isJsonPrimitive()) {
            properties.put(key, value.getAsString());
        }
    }

    /** Older Kanto files give connection timeouts as numbers of milliseconds, newer ones as Go durations. */
    private void duration(JsonObject object, String name, String key) {
        JsonElement value = object.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            return;
        }
        properties.put(key, value.getAsJsonPrimitive().isNumber() ? value.getAsLong() + "ms" : value.getAsString());
    }
}

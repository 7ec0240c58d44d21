package org.vehicleupdate.containers.docker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import com.github.dockerjava.api.model.AuthConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials per registry host ({@code host[:port]}), read from a file in Docker's
 * {@code config.json} format: {@code {"auths": {"host": {"auth": base64(user:password)}}}} or with
 * {@code username} and {@code password}. Images of other registries are pulled anonymously.
 */
public final class RegistryCredentials {
    private final Map<String, AuthConfig> byHost;

    private RegistryCredentials(Map<String, AuthConfig> byHost) {
        this.byHost = Map.copyOf(byHost);
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(Map.of());
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static RegistryCredentials load(Path file) {
        Map<String, AuthConfig> hosts = new HashMap<>();
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject auths = root.has("auths") ? root.getAsJsonObject("auths") : new JsonObject();
            for (Map.Entry<String, JsonElement> entry : auths.entrySet()) {
                JsonObject auth = entry.getValue().getAsJsonObject();
                String user;
                String password;
                if (auth.has("auth")) {
                    String decoded = new String(Base64.getDecoder().decode(auth.get("auth").getAsString()),
                            StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    if (colon < 0) {
                        throw new IllegalArgumentException("registry credentials " + file + ": auth of "
                                + entry.getKey() + " is not base64 of user:password");
                    }
                    user = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1);
                } else {
                    user = auth.has("username") ? auth.get("username").getAsString() : "";
                    password = auth.has("password") ? auth.get("password").getAsString() : "";
                }
                String host = entry.getKey().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
                hosts.put(host, new AuthConfig().withRegistryAddress(host).withUsername(user).withPassword(password));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read registry credentials " + file + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("registry credentials " + file + " are not a Docker config.json: "
                    + e.getMessage(), e);
        }
        return new RegistryCredentials(hosts);
    }

    public Optional<AuthConfig> forImage(String image) {
        return Optional.ofNullable(byHost.get(registryHost(image)));
    }

    /** The registry of an image reference as Docker decides it: a first segment with '.' or ':' or localhost. */
    static String registryHost(String image) {
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }
}

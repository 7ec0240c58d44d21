package org.vehicleupdate.messages.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.vehicleupdate.messages.Envelope;

/** The one Gson setup of the wire protocol; every service reads and writes messages through it. */
public final class WireJson {
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapterFactory(new OmitEmptyStrings("org.vehicleupdate.messages."))
            .disableHtmlEscaping()
            .create();

    private WireJson() {
    }

    public static Gson gson() {
        return GSON;
    }

    public static String write(Object message) {
        return GSON.toJson(message);
    }

    public static byte[] writeBytes(Object message) {
        return write(message).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T read(String json, Class<T> type) {
        return GSON.fromJson(json, type);
    }

    /** Reads an envelope whose payload is of the given type. */
    public static <T> Envelope<T> readEnvelope(String json, Class<T> payloadType) {
        Type type = TypeToken.getParameterized(Envelope.class, payloadType).getType();
        return GSON.fromJson(json, type);
    }

    /** Reads an envelope from a tree that was parsed already (see {@link GsonTrees}). */
    public static <T> Envelope<T> readEnvelope(JsonElement json, Class<T> payloadType) {
        Type type = TypeToken.getParameterized(Envelope.class, payloadType).getType();
        return GSON.fromJson(json, type);
    }
}

package org.vehicleupdate.messages.json;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Leaves empty strings out of written records, as Kanto's {@code omitempty} does, so that an absent field
 * read as {@code ""} is written back as absent.
 */
final class OmitEmptyStrings implements TypeAdapterFactory {
    private final String packagePrefix;

    OmitEmptyStrings(String packagePrefix) {
        this.packagePrefix = packagePrefix;
    }

    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        Class<? super T> raw = type.getRawType();
        if (!raw.isRecord() || !raw.getName().startsWith(packagePrefix)) {
            return null;
        }
        TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
        TypeAdapter<JsonElement> elements = gson.getAdapter(JsonElement.class);
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                JsonElement tree = delegate.toJsonTree(value);
                if (tree.isJsonObject()) {
                    JsonObject object = tree.getAsJsonObject();
                    List<String> empty = object.entrySet().stream()
                            .filter(OmitEmptyStrings::isEmptyString).map(Map.Entry::getKey).toList();
                    empty.forEach(object::remove);
                }
                elements.write(out, tree);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                return delegate.read(in);
            }
        };
    }

    private static boolean isEmptyString(Map.Entry<String, JsonElement> entry) {
        JsonElement value = entry.getValue();
        return value.isJsonPrimitive() && ((JsonPrimitive) value).isString() && value.getAsString().isEmpty();
    }
}

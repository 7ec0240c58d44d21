package org.vehicleupdate.kit.journal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Collection;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.vehicleupdate.messages.json.WireJson;

/** Writes the fields of one journal record (or of an object inside it), in the order they are written. */
public final class RecordWriter {
    private final JsonObject json;

    RecordWriter(JsonObject json) {
        this.json = json;
    }

    public RecordWriter text(String name, String value) {
        json.addProperty(name, value);
        return this;
    }

    public RecordWriter number(String name, long value) {
        json.addProperty(name, value);
        return this;
    }

    public RecordWriter flag(String name, boolean value) {
        json.addProperty(name, value);
        return this;
    }

    public RecordWriter enumValue(String name, Enum<?> value) {
        json.addProperty(name, value.name());
        return this;
    }

    public RecordWriter texts(String name, Collection<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        json.add(name, array);
        return this;
    }

    public RecordWriter object(String name, Consumer<RecordWriter> fields) {
        JsonObject inner = new JsonObject();
        fields.accept(new RecordWriter(inner));
        json.add(name, inner);
        return this;
    }

    public <T> RecordWriter objects(String name, Collection<T> values, BiConsumer<T, RecordWriter> fields) {
        JsonArray array = new JsonArray();
        for (T value : values) {
            JsonObject inner = new JsonObject();
            fields.accept(value, new RecordWriter(inner));
            array.add(inner);
        }
        json.add(name, array);
        return this;
    }

    /**
     * A wire message (a desired state, a feedback) in its wire form: its format is Kanto's, fixed by the JSON
     * Schemas in messages-schema, so it is stored as it travels.
     */
    public RecordWriter wire(String name, Object message) {
        json.add(name, WireJson.gson().toJsonTree(message));
        return this;
    }
}

package org.vehicleupdate.kit.journal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.vehicleupdate.messages.json.WireJson;

/**
 * Reads the fields of one journal record strictly: a missing or mistyped field and, at {@link #end()}, a field
 * the reader did not ask for are refused with a {@link JournalFormatException} that names where it is.
 */
public final class RecordReader {
    private final JsonObject json;
    private final String where;
    private final Set<String> read = new LinkedHashSet<>();

    RecordReader(JsonObject json, String where) {
        this.json = json;
        this.where = where;
    }

    public boolean has(String name) {
        return json.has(name);
    }

    public String text(String name) {
        return primitive(name, "a string", JsonPrimitive::isString).getAsString();
    }

    public long number(String name) {
        JsonPrimitive value = primitive(name, "a whole number", JsonPrimitive::isNumber);
        try {
            return value.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw refused("field '" + name + "' must be a whole number, is " + value);
        }
    }

    public int integer(String name) {
        long value = number(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw refused("field '" + name + "' is out of range: " + value);
        }
        return (int) value;
    }

    public boolean flag(String name) {
        return primitive(name, "true or false", JsonPrimitive::isBoolean).getAsBoolean();
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String value = text(name);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw refused("field '" + name + "' has an unknown value '" + value + "'");
        }
    }

    public List<String> texts(String name) {
        List<String> values = new ArrayList<>();
        int index = 0;
        for (JsonElement element : array(name)) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw refused("field '" + name + "[" + index + "]' must be a string");
            }
            values.add(element.getAsString());
            index++;
        }
        return values;
    }

    public RecordReader object(String name) {
        JsonElement value = field(name);
        if (!value.isJsonObject()) {
            throw refused("field '" + name + "' must be an object");
        }
        return new RecordReader(value.getAsJsonObject(), where + "." + name);
    }

    public List<RecordReader> objects(String name) {
        List<RecordReader> values = new ArrayList<>();
        int index = 0;
        for (JsonElement element : array(name)) {
            if (!element.isJsonObject()) {
                throw refused("field '" + name + "[" + index + "]' must be an object");
            }
            values.add(new RecordReader(element.getAsJsonObject(), where + "." + name + "[" + index + "]"));
            index++;
        }
        return values;
    }

    /** A wire message stored by {@link RecordWriter#wire}. */
    public <T> T wire(String name, Class<T> type) {
        JsonElement value = field(name);
        try {
            T message = WireJson.gson().fromJson(value, type);
            if (message == null) {
                throw refused("field '" + name + "' is empty");
            }
            return message;
        } catch (JsonParseException | IllegalArgumentException e) {
            throw refused("field '" + name + "' is not a valid " + type.getSimpleName());
        }
    }

    public Optional<String> optionalText(String name) {
        return has(name) ? Optional.of(text(name)) : Optional.empty();
    }

    /** What a codec throws for a record type it does not know. */
    public JournalFormatException unknownType(String type) {
        return refused("unknown record type '" + type + "' (written by a newer version?)");
    }

    /** What a codec throws when fields contradict each other. */
    public JournalFormatException invalid(String problem) {
        return refused(problem);
    }

    RecordReader renamed(String newWhere) {
        return new RecordReader(json, newWhere);
    }

    /** Refuses the fields the reader did not ask for: a newer writer's field is never dropped silently. */
    public void end() {
        Set<String> unknown = new TreeSet<>(json.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw refused("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown.stream()
                    .map(f -> "'" + f + "'").toList()) + " (written by a newer version?)");
        }
    }

    private JsonArray array(String name) {
        JsonElement value = field(name);
        if (!value.isJsonArray()) {
            throw refused("field '" + name + "' must be a list");
        }
        return value.getAsJsonArray();
    }

    private JsonPrimitive primitive(String name, String what, java.util.function.Predicate<JsonPrimitive> kind) {
        JsonElement value = field(name);
        if (!value.isJsonPrimitive() || !kind.test(value.getAsJsonPrimitive())) {
            throw refused("field '" + name + "' must be " + what + ", is " + value);
        }
        return value.getAsJsonPrimitive();
    }

    private JsonElement field(String name) {
        read.add(name);
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw refused("field '" + name + "' is missing");
        }
        return value;
    }

    private JournalFormatException refused(String problem) {
        return new JournalFormatException(where + ": " + problem);
    }
}

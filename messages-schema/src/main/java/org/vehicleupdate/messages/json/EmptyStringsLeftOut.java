package org.vehicleupdate.messages.json;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * A {@link JsonWriter} in front of another that leaves out every object member whose value is an empty string:
 * Kanto's {@code omitempty}, applied while the message is streamed out (building a JSON tree of every record
 * and removing the members from it cost more than the rest of writing the message). A member's name is held
 * back until its value shows whether it is written.
 */
final class EmptyStringsLeftOut extends JsonWriter {
    private static final Writer NOWHERE = new Writer() {
        @Override
        public void write(char[] buffer, int offset, int length) {
            throw new IllegalStateException("written through the writer it stands in front of");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final JsonWriter out;
    private String name;

    EmptyStringsLeftOut(JsonWriter out) {
        super(NOWHERE);
        this.out = out;
    }

    /** {@code out} itself when it leaves empty strings out already. */
    static JsonWriter around(JsonWriter out) {
        return out instanceof EmptyStringsLeftOut ? out : new EmptyStringsLeftOut(out);
    }

    private JsonWriter named() throws IOException {
        if (name != null) {
            out.name(name);
            name = null;
        }
        return out;
    }

    @Override
    public JsonWriter name(String memberName) throws IOException {
        if (name != null) {
            throw new IllegalStateException("two names in a row: " + name + ", " + memberName);
        }
        name = memberName;
        return this;
    }

    @Override
    public JsonWriter value(String value) throws IOException {
        if (value != null && value.isEmpty() && name != null) {
            name = null;
            return this;
        }
        named().value(value);
        return this;
    }

    @Override
    public JsonWriter beginArray() throws IOException {
        named().beginArray();
        return this;
    }

    @Override
    public JsonWriter endArray() throws IOException {
        out.endArray();
        return this;
    }

    @Override
    public JsonWriter beginObject() throws IOException {
        named().beginObject();
        return this;
    }

    @Override
    public JsonWriter endObject() throws IOException {
        out.endObject();
        return this;
    }

    @Override
    public JsonWriter jsonValue(String value) throws IOException {
        named().jsonValue(value);
        return this;
    }

    @Override
    public JsonWriter nullValue() throws IOException {
        named().nullValue();
        return this;
    }

    @Override
    public JsonWriter value(boolean value) throws IOException {
        named().value(value);
        return this;
    }

    @Override
    public JsonWriter value(Boolean value) throws IOException {
        named().value(value);
        return this;
    }

    @Override
    public JsonWriter value(float value) throws IOException {
        named().value(value);
        return this;
    }

    @Override
    public JsonWriter value(double value) throws IOException {
        named().value(value);
        return this;
    }

    @Override
    public JsonWriter value(long value) throws IOException {
        named().value(value);
        return this;
    }

    @Override
    public JsonWriter value(Number value) throws IOException {
        named().value(value);
        return this;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

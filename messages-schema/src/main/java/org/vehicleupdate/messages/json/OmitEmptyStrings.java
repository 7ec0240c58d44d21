package org.vehicleupdate.messages.json;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * Leaves empty strings out of written records, as Kanto's {@code omitempty} does, so that an absent field
 * read as {@code ""} is written back as absent ({@link EmptyStringsLeftOut}, for the record and everything in
 * it).
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
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                delegate.write(EmptyStringsLeftOut.around(out), value);
            }

            @Override
            public T read(JsonReader in) throws IOException {
                return delegate.read(in);
            }
        };
    }
}

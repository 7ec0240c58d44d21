package org.vehicleupdate.messages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.vehicleupdate.messages.validation.MessageKind;

/** The example messages under {@code src/test/resources/fixtures/<schema-name>/}. */
record Fixtures(MessageKind kind, Path file) {

    static Stream<Fixtures> all() {
        try {
            Path root = Path.of(Fixtures.class.getResource("/fixtures").toURI());
            List<Fixtures> found;
            try (Stream<Path> files = Files.walk(root)) {
                found = files.filter(f -> f.toString().endsWith(".json")).sorted()
                        .map(f -> new Fixtures(kindOf(f.getParent().getFileName().toString()), f)).toList();
            }
            return found.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageKind kindOf(String folder) {
        for (MessageKind kind : MessageKind.values()) {
            if (kind.schemaResource().equals("schemas/" + folder + ".schema.json")) {
                return kind;
            }
        }
        throw new IllegalArgumentException("fixture folder names no schema: " + folder);
    }

    byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "/" + file.getFileName();
    }
}

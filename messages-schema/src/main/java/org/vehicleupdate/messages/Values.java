package org.vehicleupdate.messages;

import java.util.List;

/** Normalisation of absent wire values, so that no record field is ever {@code null}. */
final class Values {
    private Values() {
    }

    static String text(String value) {
        return value == null ? "" : value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}

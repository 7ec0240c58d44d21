package org.vehicleupdate.messages.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;

/** Turns a schema validator's error into {@code path: reason}, in the words a user publishing by hand needs. */
final class SchemaViolation {
    private SchemaViolation() {
    }

    static String describe(Error error) {
        String path = path(error.getInstanceLocation());
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode schema = error.getSchemaNode();
        JsonNode instance = error.getInstanceNode();
        return switch (keyword) {
            case "type" -> path + ": expected " + expectedTypes(schema) + ", got " + typeOf(instance);
            case "required" -> join(path, error.getProperty()) + ": required field is missing";
            case "enum" -> path + ": expected one of " + schema + ", got " + instance;
            case "minLength" -> path + ": must not be empty";
            case "maximum" -> path + ": must be at most " + schema + ", got " + instance;
            case "minimum" -> path + ": must be at least " + schema + ", got " + instance;
            default -> path + ": " + withoutPath(error.getMessage());
        };
    }

    /** {@code payload.domains[0].id}: the way a user reads a path, whatever notation the validator uses. */
    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(element);
            }
        }
        return path.length() == 0 ? "message" : path.toString();
    }

    private static String join(String path, String property) {
        if (property == null) {
            return path;
        }
        return path.equals("message") ? property : path + "." + property;
    }

    private static String expectedTypes(JsonNode typeKeyword) {
        if (typeKeyword == null) {
            return "another type";
        }
        if (typeKeyword.isArray()) {
            List<String> names = new ArrayList<>();
            typeKeyword.forEach(t -> names.add(t.asText()));
            return String.join(" or ", names);
        }
        return typeKeyword.asText();
    }

    private static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static String withoutPath(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }
}

package org.vehicleupdate.messages.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Iterator;
import java.util.Map;

/**
 * A message's Jackson tree as Gson's: the reader parses a message once (Jackson, which the JSON Schema validator
 * needs) and binds the wire records from the same tree through {@link WireJson}'s Gson, instead of parsing the
 * text a second time. Numbers keep Jackson's value (int, long, BigInteger, double, BigDecimal).
 */
public final class GsonTrees {
    private GsonTrees() {
    }

    public static JsonElement of(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                JsonObject object = new JsonObject();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    object.add(field.getKey(), of(field.getValue()));
                }
                return object;
            }
            case ARRAY -> {
                JsonArray array = new JsonArray(node.size());
                for (JsonNode element : node) {
                    array.add(of(element));
                }
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(node.textValue());
            }
            case NUMBER -> {
                return new JsonPrimitive(node.numberValue());
            }
            case BOOLEAN -> {
                return new JsonPrimitive(node.booleanValue());
            }
            default -> {
                // NULL; MISSING, BINARY and POJO never come out of parsing text
                return JsonNull.INSTANCE;
            }
        }
    }
}

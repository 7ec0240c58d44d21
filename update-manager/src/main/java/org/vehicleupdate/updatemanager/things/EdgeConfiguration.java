package org.vehicleupdate.updatemanager.things;

import java.nio.charset.StandardCharsets;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonRuntimeException;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;

/**
 * The cloud connector's answer on {@code edge/thing/response}: which thing this vehicle is in the cloud. The
 * device id is the thing id ({@code <namespace>:<name>}).
 */
public record EdgeConfiguration(ThingId thingId, String tenantId, String policyId) {

    /** @throws IllegalArgumentException saying what is wrong with the connector's message */
    public static EdgeConfiguration parse(byte[] payload) {
        JsonObject json;
        try {
            JsonValue value = JsonFactory.readFrom(new String(payload, StandardCharsets.UTF_8));
            if (!value.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, got " + value);
            }
            json = value.asObject();
        } catch (JsonRuntimeException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        String deviceId = json.getValue("deviceId").filter(JsonValue::isString).map(JsonValue::asString)
                .orElseThrow(() -> new IllegalArgumentException("deviceId: required field is missing"));
        ThingId thing;
        try {
            thing = ThingId.of(deviceId);
        } catch (DittoRuntimeException e) {
            throw new IllegalArgumentException("deviceId: '" + deviceId + "' is not a thing id of the form"
                    + " <namespace>:<name> (" + e.getMessage() + ")", e);
        }
        return new EdgeConfiguration(thing, text(json, "tenantId"), text(json, "policyId"));
    }

    private static String text(JsonObject json, String key) {
        return json.getValue(key).filter(JsonValue::isString).map(JsonValue::asString).orElse("");
    }
}

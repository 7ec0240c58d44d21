package org.vehicleupdate.updatemanager.things;

import org.eclipse.ditto.base.model.common.HttpStatus;
import org.eclipse.ditto.json.JsonObject;

/**
 * The Ditto error an inbox request is answered with when it cannot be carried out, as Kanto's feature answers:
 * {@code {"error": "messages:parameter.invalid", "status": 400, "message": ...}}; the message names the path in
 * the request's value and what is wrong there.
 */
public record ThingError(String error, HttpStatus status, String message) {
    public static final String PARAMETER_INVALID = "messages:parameter.invalid";

    public static ThingError parameterInvalid(String message) {
        return new ThingError(PARAMETER_INVALID, HttpStatus.BAD_REQUEST, message);
    }

    public JsonObject toJson() {
        return JsonObject.newBuilder()
                .set("error", error)
                .set("status", status.getCode())
                .set("message", message)
                .build();
    }
}

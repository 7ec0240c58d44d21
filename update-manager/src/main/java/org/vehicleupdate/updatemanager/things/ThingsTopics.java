package org.vehicleupdate.updatemanager.things;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local broker's topics of the cloud connector (Eclipse Hono's MQTT layout, as Kanto's connectors carry it):
 * the edge configuration is asked for and answered on {@code edge/thing/...}; Ditto commands and messages for
 * the device come in on {@code command///req/<request-id>/<subject>} and are answered on
 * {@code command///res/<request-id>/<status>}; everything the device sends on its own goes to {@code e}.
 */
public final class ThingsTopics {
    public static final String EDGE_REQUEST = "edge/thing/request";
    public static final String EDGE_RESPONSE = "edge/thing/response";
    public static final String COMMANDS = "command///req/#";
    public static final String EVENTS = "e";

    private static final Pattern REQUEST = Pattern.compile("^command///req/([^/]+)/([^/]+)$");

    private ThingsTopics() {
    }

    /** The request id a response must carry, from a command's topic; empty when the topic has none. */
    public static Optional<String> requestId(String topic) {
        Matcher matcher = REQUEST.matcher(topic);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    public static String response(String requestId, int status) {
        return "command///res/" + requestId + "/" + status;
    }
}

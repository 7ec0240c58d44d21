package org.vehicleupdate.updatemanager.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the activityId at the start of a message that was refused before it was parsed (too large), so that
 * the refusal reaches the sender under its own activityId. Only the first few kilobytes are looked at.
 */
final class ActivityIdSniffer {
    private static final int HEAD = 4096;
    private static final Pattern ACTIVITY_ID = Pattern.compile("\"activityId\"\\s*:\\s*\"([^\"\\\\]{1,200})\"");

    private ActivityIdSniffer() {
    }

    static String sniff(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, HEAD), StandardCharsets.UTF_8);
        Matcher matcher = ACTIVITY_ID.matcher(head);
        return matcher.find() ? matcher.group(1) : "";
    }
}

package org.vehicleupdate.cli.view;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;

/**
 * A feedback message in readable form for {@code watch}: a line with the time, the topic's prefix, the
 * activityId, the status and the message, then one indented line per action.
 */
public final class FeedbackLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ZoneId zone;

    public FeedbackLines(ZoneId zone) {
        this.zone = zone;
    }

    /** @param received when it arrived; used when the sender set no timestamp */
    public List<String> format(String topic, Envelope<DesiredStateFeedback> feedback, Instant received) {
        DesiredStateFeedback payload = feedback.payload();
        Instant at = feedback.timestamp() > 0 ? Instant.ofEpochMilli(feedback.timestamp()) : received;
        List<String> lines = new ArrayList<>();
        lines.add(String.join("  ", time(at), source(topic), orDash(feedback.activityId()),
                payload.status().name()) + (payload.message().isEmpty() ? "" : "  " + payload.message()));
        for (Action action : payload.actions()) {
            lines.add(String.format("    %s  %s  %d%%", action.component().id(), action.status(), action.progress())
                    + (action.message().isEmpty() ? "" : "  " + action.message()));
        }
        return lines;
    }

    /** A message on the topic that is not valid feedback: shown, since the operator may be debugging exactly that. */
    public String formatInvalid(String topic, String activityId, String reason, Instant received) {
        return String.join("  ", time(received), source(topic), orDash(activityId), "INVALID", reason);
    }

    private String time(Instant at) {
        return TIME.format(at.atZone(zone));
    }

    private static String source(String topic) {
        int slash = topic.indexOf('/');
        return slash < 0 ? topic : topic.substring(0, slash);
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}

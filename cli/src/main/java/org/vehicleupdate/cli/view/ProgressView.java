package org.vehicleupdate.cli.view;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.vehicleupdate.cli.core.Outcome;
import org.vehicleupdate.cli.core.ProgressChange;
import org.vehicleupdate.messages.ActionStatus;

/**
 * Shows the progress of an activity. Every change is one line with the local time. On a terminal, a
 * component's progress that moves while its status stays the same redraws its line in place, so a download
 * is one moving bar; anywhere else (a pipe, a log file) each change is a line of its own.
 */
public final class ProgressView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean interactive;
    private final int width;
    private final Clock clock;
    /** On a terminal: the component line last written, left open (no newline) so that it can be redrawn. */
    private String openLineKey;

    /** @param width the terminal's columns, for the lines redrawn in place; 0 when unknown or not a terminal */
    public ProgressView(PrintWriter out, boolean interactive, int width, Clock clock) {
        this.out = out;
        this.interactive = interactive;
        this.width = width;
        this.clock = clock;
    }

    public void started(String source, String activityId, String topic) {
        line(null, "applying " + source + " as activity " + activityId + " on " + topic);
    }

    public void show(ProgressChange change) {
        if (change instanceof ProgressChange.ActivityStatus status) {
            if (Outcome.ofFinal(status.status(), status.message()).isPresent()) {
                return; // finished() says it, as the last line
            }
            line(null, String.format("%-30s %s", "vehicle", status.status()) + suffix(status.message()));
        } else if (change instanceof ProgressChange.DomainStatus domain) {
            line(null, String.format("%-30s %s", "domain " + domain.domain(), domain.status())
                    + suffix(domain.message()));
        } else if (change instanceof ProgressChange.ComponentStatus component) {
            String text = String.format("  %-28s %-18s %s", label(component), component.status(),
                    component.status() == ActionStatus.IDENTIFIED ? "" : ProgressBar.render(component.progress(),
                            BAR_WIDTH)).stripTrailing() + suffix(component.message());
            line(component.componentId() + "|" + component.status(), text);
        } else if (change instanceof ProgressChange.UnreadableFeedback unreadable) {
            line(null, "warning: unreadable feedback on " + unreadable.source() + ": " + unreadable.reason());
        }
        out.flush();
    }

    /** The last line: the final status and its message. */
    public void finished(Outcome outcome) {
        closeOpenLine();
        out.println(outcome.status() + (outcome.message().isEmpty() ? "" : ": " + outcome.message()));
        out.flush();
    }

    private void line(String redrawKey, String text) {
        String stamped = LocalTime.now(clock).format(TIME) + " " + text;
        if (!interactive) {
            out.println(stamped);
            return;
        }
        if (redrawKey != null && redrawKey.equals(openLineKey)) {
            out.print("\r\033[K" + fitted(stamped));
        } else {
            closeOpenLine();
            if (redrawKey != null) {
                out.print(fitted(stamped));
            } else {
                out.println(stamped);
            }
        }
        openLineKey = redrawKey;
    }

    /** A line that wraps cannot be redrawn with a carriage return: it is cut to the terminal's width. */
    private String fitted(String line) {
        return width > 1 && line.length() >= width ? line.substring(0, width - 1) : line;
    }

    private void closeOpenLine() {
        if (openLineKey != null) {
            out.println();
            openLineKey = null;
        }
    }

    private static String label(ProgressChange.ComponentStatus component) {
        return component.version().isEmpty() ? component.componentId()
                : component.componentId() + " " + component.version();
    }

    private static String suffix(String message) {
        return message.isEmpty() ? "" : "  " + message;
    }
}

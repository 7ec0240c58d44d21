package org.vehicleupdate.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.core.Outcome;
import org.vehicleupdate.cli.core.ProgressChange;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

class ProgressViewTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private final StringWriter text = new StringWriter();

    private ProgressView view(boolean interactive) {
        return new ProgressView(new PrintWriter(text), interactive, 0, NOON);
    }

    private static ProgressChange.ComponentStatus download(int percent) {
        return new ProgressChange.ComponentStatus("self-update:os-image", "self-update", "2.0",
                ActionStatus.DOWNLOADING, percent, "");
    }

    @Test
    void withoutATerminalEveryChangeIsOneLine() {
        ProgressView view = view(false);
        view.show(new ProgressChange.ActivityStatus(Status.RUNNING, ""));
        view.show(new ProgressChange.DomainStatus("self-update", Status.DOWNLOADING, "fetching bundle"));
        view.show(download(25));
        view.show(download(50));
        view.show(new ProgressChange.ActivityStatus(Status.COMPLETED, "all domains updated"));
        view.finished(new Outcome("COMPLETED", "all domains updated", ExitCode.OK));

        assertEquals("""
                12:00:00 vehicle                        RUNNING
                12:00:00 domain self-update             DOWNLOADING  fetching bundle
                12:00:00   self-update:os-image 2.0     DOWNLOADING        [#####...............]  25%
                12:00:00   self-update:os-image 2.0     DOWNLOADING        [##########..........]  50%
                COMPLETED: all domains updated
                """, text.toString());
    }

    @Test
    void onATerminalAMovingBarIsRedrawnInPlaceAndANewStatusStartsANewLine() {
        ProgressView view = view(true);
        view.show(download(25));
        view.show(download(50));
        view.show(new ProgressChange.ComponentStatus("self-update:os-image", "self-update", "2.0",
                ActionStatus.DOWNLOAD_SUCCESS, 100, "bundle verified"));
        view.finished(new Outcome("INCOMPLETE", "self-update: activation failed", ExitCode.UPDATE_FAILED));

        assertEquals("12:00:00   self-update:os-image 2.0     DOWNLOADING        [#####...............]  25%"
                + "\r\033[K12:00:00   self-update:os-image 2.0     DOWNLOADING        [##########..........]  50%\n"
                + "12:00:00   self-update:os-image 2.0     DOWNLOAD_SUCCESS   [####################] 100%  bundle verified\n"
                + "INCOMPLETE: self-update: activation failed\n", text.toString());
    }

    @Test
    void aLineRedrawnInPlaceIsCutToTheTerminalWidthSoThatItNeverWraps() {
        ProgressView view = new ProgressView(new PrintWriter(text), true, 40, NOON);
        view.show(download(25));
        view.show(new ProgressChange.DomainStatus("self-update", Status.DOWNLOADING, "a message long enough to wrap"));

        String[] lines = text.toString().split("\n");
        assertEquals("12:00:00   self-update:os-image 2.0    ", lines[0]);
        assertEquals(39, lines[0].length());
        assertTrue(lines[1].endsWith("DOWNLOADING  a message long enough to wrap"),
                "a line that is not redrawn may wrap: nothing is lost");
    }

    @Test
    void theBarIsClampedToItsWidth() {
        assertEquals("[..........]   0%", ProgressBar.render(-5, 10));
        assertEquals("[##########] 100%", ProgressBar.render(140, 10));
    }
}

package org.vehicleupdate.kit.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a service does with a journal it does not fully understand: it does not start, and says so in one log
 * line that names the file, the problem and the remedy. Resuming half of an activity, or none of it, could leave
 * a slot activated or a container stopped without anyone knowing; an operator decides instead.
 */
public final class JournalRefusal {
    /** The remedy every refusal names. */
    public static final String REMEDY = "to start without the journals (an open activity in them is given up), stop"
            + " the services and run deploy/reset-journals.sh, which moves them aside";

    /** The exit code of a service that does not start for its journal (sysexits' EX_DATAERR). */
    public static final int EXIT_CODE = 65;

    private JournalRefusal() {
    }

    /** The log line of a service that does not start: {@code <service> does not start: <problem>; <remedy>}. */
    public static String line(String service, JournalFormatException problem) {
        return service + " does not start: " + problem.getMessage() + "; " + REMEDY;
    }

    /**
     * Refuses a journal that an earlier version left in a format this one does not read (one JSON document,
     * written by reflection): it is never ignored, since it may hold an open activity.
     *
     * @throws JournalFormatException when the file exists
     */
    public static void refuseEarlierFormat(Path file) {
        if (Files.exists(file)) {
            throw new JournalFormatException("journal " + file + " is in the format of an earlier version (one JSON"
                    + " document), which this version does not read");
        }
    }
}

package org.vehicleupdate.kit.journal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;

/**
 * What a service does with a journal it does not fully understand: it does not start, and says so in one log
 * line that names the file, the problem and the remedy. Resuming half of an activity, or none of it, could leave
 * a slot activated or a container stopped without anyone knowing; an operator decides instead.
 */
public final class JournalRefusal {
    private static final System.Logger LOG = System.getLogger(JournalRefusal.class.getName());
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
     * A journal that an earlier version left in a format this one does not read (one JSON document, written by
     * reflection). Every vehicle that ever updated has one, so it must not stop the service: when it shows no open
     * activity it is set aside ({@code <file>.earlier-format}) with a log line and the service starts; only a file
     * that still holds an open activity is refused, since giving that up could leave a slot activated or a
     * container stopped without anyone knowing. A file that is not even JSON is set aside as well, as the earlier
     * version itself did with a journal it could not read.
     *
     * @param holdsOpenActivity tells from the old document whether an activity was still open in it
     * @throws JournalFormatException when the file holds an open activity
     */
    public static void setAsideEarlierFormat(Path file, Predicate<JsonObject> holdsOpenActivity) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonElement old = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (old.isJsonObject() && holdsOpenActivity.test(old.getAsJsonObject())) {
                JsonElement id = old.getAsJsonObject().get("activityId");
                throw new JournalFormatException("journal " + file + " is in the format of an earlier version (one"
                        + " JSON document), which this version does not read, and holds an open activity"
                        + (id != null && id.isJsonPrimitive() ? " '" + id.getAsString() + "'" : ""));
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            // not JSON, or not of the earlier shape: nothing in it can be resumed by any version
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        Path aside = file.resolveSibling(file.getFileName() + ".earlier-format");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set journal " + file + " aside", e);
        }
        LOG.log(System.Logger.Level.INFO, "journal " + file + " of an earlier version holds no open activity; set"
                + " aside as " + aside);
    }
}

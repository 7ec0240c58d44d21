package org.vehicleupdate.messages.validation;

import java.util.Optional;

/**
 * What an activityId may be, so that it comes back byte for byte in every feedback and command: valid Unicode
 * (a lone surrogate, such as an escaped {@code "\ud800"}, cannot be written as UTF-8 and would come back as
 * another id), no control characters, at most {@link #MAX_LENGTH} characters. An empty activityId is a message's
 * own business (an agent's unsolicited current state has one; a desired state must not).
 */
public final class ActivityIds {
    /** Characters (Unicode code points): a UUID has 36; room for any scheme a backend uses. */
    public static final int MAX_LENGTH = 256;
    private static final int SHOWN = 64;

    private ActivityIds() {
    }

    /** Empty when the activityId can be kept exactly; otherwise why it cannot, naming it as {@link #shown}. */
    public static Optional<String> problem(String activityId) {
        int position = 0;
        for (int i = 0; i < activityId.length(); position++) {
            char c = activityId.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < activityId.length()
                    && Character.isLowSurrogate(activityId.charAt(i + 1))) {
                i += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return Optional.of(shown(activityId) + " is not valid Unicode: a lone surrogate "
                        + String.format("\\u%04x", (int) c) + " at character " + (position + 1));
            }
            if (Character.isISOControl(c)) {
                return Optional.of(shown(activityId) + " contains the control character "
                        + String.format("U+%04X", (int) c) + " at character " + (position + 1));
            }
            i++;
        }
        if (position > MAX_LENGTH) {
            return Optional.of(shown(activityId) + " is " + position + " characters long, more than the "
                    + MAX_LENGTH + " allowed");
        }
        return Optional.empty();
    }

    /**
     * The activityId as a log line or a refusal can show it: quoted, what is not printable escaped as in JSON,
     * a long one cut after {@value #SHOWN} characters.
     */
    public static String shown(String activityId) {
        StringBuilder text = new StringBuilder("'");
        int count = 0;
        for (int i = 0; i < activityId.length(); ) {
            int cp = activityId.codePointAt(i);
            if (count == SHOWN) {
                text.append("...");
                break;
            }
            if (Character.isISOControl(cp) || Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
                text.append(String.format("\\u%04x", cp));
            } else {
                text.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
            count++;
        }
        return text.append("'").toString();
    }
}

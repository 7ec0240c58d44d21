package org.vehicleupdate.kit.journal;

/**
 * A journal this build does not fully understand: written by a newer version, with an unknown record type or
 * field, or damaged before its last record. The message names the file, the line and what was not understood,
 * so that an operator can act (restore the newer version, or clear the journals with
 * {@code deploy/reset-journals.sh}).
 */
public final class JournalFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalFormatException(String message) {
        super(message);
    }
}

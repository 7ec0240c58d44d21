package org.vehicleupdate.updatemanager.core;

/** What happens to the other domains when one domain fails. */
public enum FailurePolicy {
    /** All or nothing: every domain that got past DOWNLOAD is rolled back, then all are cleaned up. */
    ROLLBACK_ALL,
    /** Kanto's behaviour: the failed domain is cleaned up at once, the others carry on. */
    CONTINUE;

    /** Reads {@code rollback-all} or {@code continue}. */
    public static FailurePolicy parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "rollback-all", "rollback_all" -> ROLLBACK_ALL;
            case "continue" -> CONTINUE;
            default -> throw new IllegalArgumentException(
                    "failurePolicy '" + text + "' is neither rollback-all nor continue");
        };
    }
}

package org.vehicleupdate.updatemanager.trust;

import java.util.List;
import java.util.Set;

/**
 * The signatures of one document counted for one role of one trust root.
 *
 * @param validKeys the role's keys whose signature verifies (each counts once)
 * @param problems  why each other signature does not count
 */
public record Tally(String role, int rootVersion, int threshold, Set<String> validKeys, List<String> problems) {
    public Tally {
        validKeys = Set.copyOf(validKeys);
        problems = List.copyOf(problems);
    }

    public boolean met() {
        return validKeys.size() >= threshold;
    }

    /** Why the threshold is not met, e.g. {@code key abc does not verify: ...}. */
    public String shortfall() {
        String problemList = problems.isEmpty() ? "no signature" : String.join("; ", problems);
        if (threshold == 1 && validKeys.isEmpty()) {
            return problemList;
        }
        return validKeys.size() + " valid signature" + (validKeys.size() == 1 ? "" : "s") + " of the " + role
                + " role, trust root version " + rootVersion + " requires " + threshold
                + (problems.isEmpty() ? "" : " (" + problemList + ")");
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.Objects;
import org.vehicleupdate.messages.DesiredStateFeedback;

/**
 * An activity that ended, remembered so that the same desired state delivered again is answered, not applied.
 *
 * @param announced its final feedback was published; false after a crash between journal and publish
 */
public record FinishedActivity(String activityId, DesiredStateFeedback feedback, boolean announced) {
    public FinishedActivity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(feedback, "feedback");
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.List;
import java.util.Objects;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.DesiredStateFeedback;

/**
 * What the manager writes to its journal, one record per durable step, each before what it implies is sent or
 * reported: an activity opened (with its desired state, the only time that is written), each move to a new
 * phase (a small snapshot of the progress), the final feedback, and that the final feedback went out.
 */
public sealed interface JournalEntry {

    String activityId();

    record Opened(ActivityPlan plan) implements JournalEntry {
        public Opened {
            Objects.requireNonNull(plan, "plan");
        }

        @Override
        public String activityId() {
            return plan.activityId();
        }
    }

    /**
     * @param actions the overall actions so far, kept only where the process is about to end (a reboot): after
     *                any other restart the agents repeat their answers
     */
    record Moved(String activityId, ActivityProgress progress, List<Action> actions) implements JournalEntry {
        public Moved {
            Objects.requireNonNull(activityId, "activityId");
            Objects.requireNonNull(progress, "progress");
            actions = List.copyOf(actions);
        }
    }

    record Finished(String activityId, DesiredStateFeedback feedback) implements JournalEntry {
        public Finished {
            Objects.requireNonNull(activityId, "activityId");
            Objects.requireNonNull(feedback, "feedback");
        }
    }

    /** The final feedback of the activity was published. */
    record Announced(String activityId) implements JournalEntry {
        public Announced {
            Objects.requireNonNull(activityId, "activityId");
        }
    }
}

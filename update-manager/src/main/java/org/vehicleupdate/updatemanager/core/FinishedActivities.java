package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.DesiredStateFeedback;

/**
 * The finished activities: each final feedback is journaled before it is published and marked once it was, so
 * that a restart publishes the one a crash kept back and no other; the last ones are kept, so that a desired
 * state delivered again is answered with its result, not applied.
 */
final class FinishedActivities {
    private static final System.Logger LOG = System.getLogger(FinishedActivities.class.getName());
    /** The journal is compacted when it grows past this after an activity. */
    private static final long COMPACT_AT_BYTES = 256 * 1024;

    private final int capacity;
    private final List<FinishedActivity> finished = new ArrayList<>();
    private final ActivityJournal journal;
    private final ManagerOutbox outbox;
    private final FeedbackThrottle feedback;

    FinishedActivities(int capacity, ActivityJournal journal, ManagerOutbox outbox, FeedbackThrottle feedback) {
        this.capacity = Math.max(1, capacity);
        this.journal = journal;
        this.outbox = outbox;
        this.feedback = feedback;
    }

    /** Takes them from the journal and publishes each final feedback that a crash kept back. */
    void restore(List<FinishedActivity> journaled) {
        journaled.forEach(this::remember);
        for (FinishedActivity activity : journaled) {
            if (!activity.announced()) {
                LOG.log(System.Logger.Level.INFO, "[" + activity.activityId() + "] announcing the final feedback "
                        + activity.feedback().status() + " that a restart kept back");
                outbox.publishFeedback(activity.activityId(), activity.feedback());
                announced(activity.activityId());
            }
        }
    }

    /** Journals the final feedback, publishes it, and journals that it went out once it did. */
    void finish(String activityId, DesiredStateFeedback last) {
        journal.write(new JournalEntry.Finished(activityId, last));
        remember(new FinishedActivity(activityId, last, false));
        feedback.report(activityId, last.status(), last.message(), last.actions());
        if (journal.size() > COMPACT_AT_BYTES) {
            // before it is marked announced: the feedback may not have gone out yet
            journal.rewrite(new JournalReplay(Optional.empty(), List.of(), finished).entries());
        }
        journal.afterPublished(new JournalEntry.Announced(activityId));
        markAnnounced(activityId);
    }

    Optional<FinishedActivity> find(String activityId) {
        return finished.stream().filter(f -> f.activityId().equals(activityId)).findFirst();
    }

    private void announced(String activityId) {
        journal.afterPublished(new JournalEntry.Announced(activityId));
        markAnnounced(activityId);
    }

    private void markAnnounced(String activityId) {
        finished.replaceAll(f -> f.activityId().equals(activityId)
                ? new FinishedActivity(f.activityId(), f.feedback(), true) : f);
    }

    private void remember(FinishedActivity activity) {
        finished.removeIf(f -> f.activityId().equals(activity.activityId()));
        finished.add(activity);
        while (finished.size() > capacity) {
            finished.remove(0);
        }
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.kit.journal.JournalFormatException;
import org.vehicleupdate.messages.Action;

/**
 * The manager's state folded from its journal's entries, and the few entries that write it again (compaction).
 *
 * @param open    the activity in progress
 * @param actions its overall actions as last journaled (only moves around a reboot carry them)
 * @param recent  the finished activities, oldest first, at most as many as asked for
 */
public record JournalReplay(Optional<Activity> open, List<Action> actions, List<FinishedActivity> recent) {
    public JournalReplay {
        actions = List.copyOf(actions);
        recent = List.copyOf(recent);
    }

    /**
     * Folds the entries in order. An entry that does not fit what came before (a move of an activity that is not
     * open) is refused: the journal would be misread.
     *
     * @throws JournalFormatException naming the entry that does not fit
     */
    public static JournalReplay of(List<JournalEntry> entries, int keepRecent) {
        Activity open = null;
        List<Action> actions = List.of();
        List<FinishedActivity> recent = new ArrayList<>();
        int index = 0;
        for (JournalEntry entry : entries) {
            index++;
            if (entry instanceof JournalEntry.Opened opened) {
                open = new Activity(opened.plan(), ActivityProgress.identifying(opened.plan().domains()));
                actions = List.of();
            } else if (entry instanceof JournalEntry.Moved moved) {
                if (open == null || !open.activityId().equals(moved.activityId())) {
                    throw new JournalFormatException("record " + index + " moves activity '" + moved.activityId()
                            + "', which is not open");
                }
                open = open.with(moved.progress());
                actions = moved.actions().isEmpty() ? actions : moved.actions();
            } else if (entry instanceof JournalEntry.Finished finished) {
                if (open != null && open.activityId().equals(finished.activityId())) {
                    open = null;
                    actions = List.of();
                }
                recent.removeIf(f -> f.activityId().equals(finished.activityId()));
                recent.add(new FinishedActivity(finished.activityId(), finished.feedback(), false));
            } else if (entry instanceof JournalEntry.Announced announced) {
                recent.replaceAll(f -> f.activityId().equals(announced.activityId())
                        ? new FinishedActivity(f.activityId(), f.feedback(), true) : f);
            }
        }
        if (recent.size() > Math.max(1, keepRecent)) {
            recent = recent.subList(recent.size() - Math.max(1, keepRecent), recent.size());
        }
        return new JournalReplay(Optional.ofNullable(open), actions, recent);
    }

    /** The entries that bring this state back: each finished activity, then the open one as its last move. */
    public List<JournalEntry> entries() {
        List<JournalEntry> entries = new ArrayList<>();
        for (FinishedActivity finished : recent) {
            entries.add(new JournalEntry.Finished(finished.activityId(), finished.feedback()));
            if (finished.announced()) {
                entries.add(new JournalEntry.Announced(finished.activityId()));
            }
        }
        open.ifPresent(activity -> {
            entries.add(new JournalEntry.Opened(activity.plan()));
            entries.add(new JournalEntry.Moved(activity.activityId(), activity.progress(), actions));
        });
        return entries;
    }
}

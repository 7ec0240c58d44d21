package org.vehicleupdate.updatemanager.core;

import java.util.List;

/** The port to the manager's journal: an append-only sequence of {@link JournalEntry}s that survives power loss. */
public interface ActivityJournal {

    /** The entries found when the journal was opened, oldest first. */
    List<JournalEntry> entries();

    /** Appends an entry and returns when it is on the disk. */
    void append(JournalEntry entry);

    /**
     * Appends an entry that is on the disk before any message published after it goes out: the entries of one
     * handled message are made durable together, once, before its messages are sent (group commit).
     */
    void write(JournalEntry entry);

    /** Appends an entry once the messages published before it have gone out: it says that they did. */
    void afterPublished(JournalEntry entry);

    /** Replaces the whole journal with these entries, atomically (compaction). */
    void rewrite(List<JournalEntry> keep);

    /** The journal's size in bytes, to decide when to compact it. */
    long size();
}

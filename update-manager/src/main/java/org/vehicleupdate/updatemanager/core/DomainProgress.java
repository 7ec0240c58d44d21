package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.vehicleupdate.messages.Action;
import org.vehicleupdate.messages.ComponentRef;
import org.vehicleupdate.messages.Status;

/**
 * How far one domain of an activity got. Mutable working state of the orchestrator, written to the journal as
 * part of {@link Activity}; Gson fills the fields back in on resume.
 */
public final class DomainProgress {
    String domain;
    /** The last status the agent reported. */
    Status lastStatus = Status.IDENTIFYING;
    boolean identified;
    /** Identified with at least one action: takes part in the phases. */
    boolean active;
    /** Waiting for this domain's answer in the current phase. */
    boolean pending;
    /** Reported DOWNLOAD_SUCCESS: something may be staged that a rollback has to undo. */
    boolean downloaded;
    boolean failed;
    OrchestrationPhase failedIn;
    Status failedWith;
    String failure = "";
    boolean rollbackSent;
    boolean rolledBack;
    boolean rollbackFailed;
    boolean cleanupSent;
    boolean cleaned;
    boolean cleanupFailed;
    LinkedHashMap<String, Action> actions = new LinkedHashMap<>();

    DomainProgress(String domain) {
        this.domain = domain;
    }

    public String domain() {
        return domain;
    }

    /** Merges an agent's actions; component ids get the domain prefix where the agent left it out. */
    void mergeActions(List<Action> reported) {
        if (actions == null) {
            actions = new LinkedHashMap<>();
        }
        for (Action action : reported) {
            String id = action.component().id();
            String prefixed = id.startsWith(domain + ":") ? id : domain + ":" + id;
            Action normalised = prefixed.equals(id) ? action
                    : new Action(new ComponentRef(prefixed, action.component().version()), action.status(),
                            action.progress(), action.message());
            actions.put(prefixed, normalised);
        }
    }

    List<Action> actions() {
        return actions == null ? List.of() : new ArrayList<>(actions.values());
    }

    /** Still has to answer CLEANUP: active, not cleaned yet. */
    boolean awaitsCleanup() {
        return active && !cleaned;
    }
}

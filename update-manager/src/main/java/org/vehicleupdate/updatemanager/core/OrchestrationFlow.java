package org.vehicleupdate.updatemanager.core;

import org.vehicleupdate.messages.Status;

/**
 * What the sequences that the {@link Orchestrator} hands parts of an activity to ({@link RebootSequence},
 * {@link ConsentRequest}) may do with it. Called holding the orchestrator's lock.
 */
interface OrchestrationFlow {
    Activity activity();

    /** Changes the activity in memory (an answer inside a phase). */
    void change(ActivityProgress next);

    /** Changes the activity and journals it, before anything of it is sent or reported. */
    void move(ActivityProgress next);

    /** Like {@link #move}, on the disk when it returns: before something that is no message (a reboot). */
    void moveDurably(ActivityProgress next);

    void report(Status status, String message);

    /** Starts a phase with a command (asking for consent first where configured). */
    void startPhase(OrchestrationPhase phase);

    /** Moves into the phase and sends its command to the domains it takes in. */
    void command(OrchestrationPhase phase, ActivityProgress progress);

    /** Carries out what comes next until something has to be waited for. */
    void advance();

    void phaseTimedOut();

    void finish(Status status, String message);
}

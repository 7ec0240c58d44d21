package org.vehicleupdate.kit.agent;

import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/**
 * What a domain adds to the kit: its activity, its steps and its inventory. The {@link AgentProtocol} calls it one
 * message at a time, after it has done what every agent does the same way (a repeated desired state, IDENTIFYING,
 * another activity in progress, the command gate, unreadable messages, the first inventory); the domain sends its
 * own feedback through the {@link AgentOutbox} it was built with.
 */
public interface DomainAgent {

    /** The message of IDENTIFYING, sent first for every new desired state (Leda's agent has a text, Kanto's none). */
    default String identifyingMessage() {
        return "";
    }

    /**
     * Reads the journal and carries on with an open activity: reports where it stands, resumes a step or says
     * that one was cut off. Called once, before any message is handed over.
     */
    void resume();

    /** The activity in hand, or the last one finished; empty before the first desired state. */
    Optional<AgentActivity> activity();

    /** A desired state of the current activity came again (QoS 1, or sent again): send where it stands. */
    void repeatStatus();

    /**
     * Why the open activity cannot give way to a new desired state now; empty when it can. The text is shown in
     * parentheses after {@code Another update activity in progress - <id>}; an empty text adds nothing.
     */
    Optional<String> blocker();

    /**
     * Identifies a new desired state and reports IDENTIFIED (or IDENTIFICATION_FAILED, or IDENTIFIED and COMPLETED
     * when there is nothing to do). An open activity has given way ({@link #blocker} was empty): the domain drops it
     * once the new one is accepted.
     */
    void identify(String activityId, DesiredState desired);

    /** Which command runs, repeats its answer or is refused, in which status of the activity: Kanto's table unless the
     * domain has other rules. */
    default CommandGate gate() {
        return CommandGate.kanto();
    }

    /** Runs a command of the current activity that the gate let through. */
    void run(DesiredStateCommand command);

    /**
     * Answers a command whose phase has run (or runs) with that phase's answer again, changing nothing.
     *
     * @return false when this activity has no answer for it (the phase never ran): the command is then refused
     */
    boolean answerAgain(DesiredStateCommand command);

    /**
     * A command this domain cannot run in any status (Kanto's containers agent: a named baseline): the reason, with
     * which it is refused before the gate is asked.
     */
    default Optional<String> unsupported(DesiredStateCommand command) {
        return Optional.empty();
    }

    /** The feedback that refuses a command of the current activity; a domain adds what all its feedback carries. */
    default DesiredStateFeedback refusal(DesiredStateCommand command, Status failure, String message) {
        return DesiredStateFeedback.of(failure, message, List.of());
    }

    /** The domain's inventory now. */
    Inventory currentState();
}

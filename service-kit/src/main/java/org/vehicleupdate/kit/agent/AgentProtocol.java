package org.vehicleupdate.kit.agent;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.validation.MessageKind;

/**
 * The agent side of the update protocol, the same for every domain and free of MQTT: what a repeated desired
 * state, a desired state during another activity, a command in the wrong status and an unreadable message get,
 * and the first inventory. The domain's own work is behind {@link DomainAgent}. Calls are serialised.
 */
public final class AgentProtocol {
    /** Kanto's activityId of the inventory an agent publishes when it starts: this prefix and the time in ms. */
    public static final String INITIAL_CURRENT_STATE = "initial-current-state-";

    private static final System.Logger LOG = System.getLogger(AgentProtocol.class.getName());

    private final DomainAgent agent;
    private final AgentOutbox out;
    private final Clock clock;

    public AgentProtocol(DomainAgent agent, AgentOutbox out, Clock clock) {
        this.agent = agent;
        this.out = out;
        this.clock = clock;
    }

    /** Kanto's refusal of a desired state while another activity runs, used by the update-manager too. */
    public static String anotherActivityInProgress(String activityId) {
        return "Another update activity in progress - " + activityId;
    }

    /** Reads the journal and resumes: before this returns, no message may be handed over. */
    public synchronized void start() {
        agent.resume();
    }

    /** The inventory with the activityId {@code initial-current-state-<ms>}: the agent is there and listens. */
    public synchronized void publishInitialState() {
        out.currentState(INITIAL_CURRENT_STATE + clock.millis(), agent.currentState());
    }

    /**
     * The same activity again is answered with where it stands. A new one gets IDENTIFYING, then
     * IDENTIFICATION_FAILED while an open activity cannot give way, else the domain identifies it.
     */
    public synchronized void onDesiredState(String activityId, DesiredState desired) {
        Optional<AgentActivity> own = agent.activity();
        if (own.isPresent() && own.get().activityId().equals(activityId)) {
            log(activityId, "desired state of the current activity again; answering with its status "
                    + own.get().status());
            agent.repeatStatus();
            return;
        }
        out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFYING, agent.identifyingMessage(), List.of()));
        if (own.isPresent() && !own.get().finished()) {
            Optional<String> blocker = agent.blocker();
            if (blocker.isPresent()) {
                String reason = anotherActivityInProgress(own.get().activityId())
                        + (blocker.get().isEmpty() ? "" : " (" + blocker.get() + ")");
                log(activityId, "identification failed: " + reason);
                out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
                return;
            }
            log(activityId, "activity " + own.get().activityId() + " (" + own.get().status() + ") gives way to it "
                    + "if it is accepted");
        }
        agent.identify(activityId, desired);
    }

    /** A command of another activity or in the wrong status is refused; a repeated one gets its answer again. */
    public synchronized void onCommand(String activityId, DesiredStateCommand command) {
        Command name = command.command();
        Optional<AgentActivity> own = agent.activity();
        if (own.isEmpty() || !own.get().activityId().equals(activityId)) {
            String message = agent.gate().refusalOfUnknownActivity(name, activityId, own);
            log(activityId, "refused: " + message);
            out.feedback(activityId, DesiredStateFeedback.of(CommandGate.failureOf(name), message, List.of()));
            return;
        }
        Optional<String> unsupported = agent.unsupported(command);
        if (unsupported.isPresent()) {
            refuse(activityId, command, unsupported.get());
            return;
        }
        Status status = own.get().status();
        switch (agent.gate().verdict(name, status)) {
            case RUN -> {
                log(activityId, name + " in status " + status);
                agent.run(command);
            }
            case REPEAT -> {
                if (agent.answerAgain(command)) {
                    log(activityId, name + " again in status " + status + "; its answer is repeated");
                } else {
                    refuse(activityId, command, agent.gate().refusal(name, status));
                }
            }
            case REFUSE -> refuse(activityId, command, agent.gate().refusal(name, status));
        }
    }

    public synchronized void onCurrentStateGet(String activityId) {
        out.currentState(activityId, agent.currentState());
    }

    /**
     * The one rule for a message that cannot be read (not JSON, too large, against its schema): it gets the
     * answer its kind gets, saying why where that answer can. A desired state or a command is answered with
     * IDENTIFICATION_FAILED and the reason (a desired state's after IDENTIFYING, as every desired state's), as Leda's
     * agent does; a current-state request, which carries nothing the agent needs, with the current state. The
     * answer goes to the message's activityId where one could be read. Nothing else happens.
     */
    public synchronized void onUnreadable(MessageKind kind, String activityId, String reason) {
        String what = switch (kind) {
            case DESIRED_STATE -> "desired state";
            case DESIRED_STATE_COMMAND -> "command";
            default -> "current state request";
        };
        LOG.log(System.Logger.Level.WARNING, "[" + activityId + "] unreadable " + what + ": " + reason);
        switch (kind) {
            case DESIRED_STATE -> {
                out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFYING, agent.identifyingMessage(),
                        List.of()));
                out.feedback(activityId, DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
            }
            case DESIRED_STATE_COMMAND -> out.feedback(activityId,
                    DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED, reason, List.of()));
            case CURRENT_STATE_GET -> onCurrentStateGet(activityId);
            default -> throw new IllegalArgumentException(kind + " is not a message an agent receives");
        }
    }

    private void refuse(String activityId, DesiredStateCommand command, String message) {
        log(activityId, "refused: " + message);
        out.feedback(activityId, agent.refusal(command, CommandGate.failureOf(command.command()), message));
    }

    private static void log(String activityId, String message) {
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] " + message);
    }
}

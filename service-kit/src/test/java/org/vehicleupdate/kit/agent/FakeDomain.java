package org.vehicleupdate.kit.agent;

import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateCommand;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;

/** A domain that records what the protocol asks of it and reports only what a test sets. */
final class FakeDomain implements DomainAgent {
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AgentOutbox out;
    AgentActivity activity;
    Optional<String> blocker = Optional.empty();
    boolean hasAnswer = true;
    /** what resume does besides recording the call, e.g. waiting for a test */
    Runnable onResume = () -> { };

    FakeDomain(AgentOutbox out) {
        this.out = out;
    }

    @Override
    public String identifyingMessage() {
        return "Evaluating.";
    }

    @Override
    public void resume() {
        calls.add("resume");
        onResume.run();
    }

    @Override
    public Optional<AgentActivity> activity() {
        return Optional.ofNullable(activity);
    }

    @Override
    public void repeatStatus() {
        calls.add("repeatStatus");
    }

    @Override
    public Optional<String> blocker() {
        return blocker;
    }

    @Override
    public void identify(String activityId, DesiredState desired) {
        calls.add("identify " + activityId);
        activity = new AgentActivity(activityId, Status.IDENTIFIED);
    }

    @Override
    public CommandGate gate() {
        return CommandGate.builder()
                .run(Command.DOWNLOAD, Status.IDENTIFIED).repeat(Command.DOWNLOAD, Status.DOWNLOAD_SUCCESS)
                .run(Command.UPDATE, Status.DOWNLOAD_SUCCESS)
                .run(Command.ACTIVATE, Status.UPDATE_SUCCESS)
                .run(Command.CLEANUP, Status.IDENTIFIED, Status.DOWNLOAD_SUCCESS)
                .run(Command.ROLLBACK, Status.DOWNLOAD_SUCCESS)
                .build();
    }

    @Override
    public void run(DesiredStateCommand command) {
        calls.add("run " + command.command());
    }

    @Override
    public boolean answerAgain(DesiredStateCommand command) {
        calls.add("answerAgain " + command.command());
        return hasAnswer;
    }

    @Override
    public Optional<String> unsupported(DesiredStateCommand command) {
        return command.baseline().equals("named") ? Optional.of("Unknown baseline named") : Optional.empty();
    }

    @Override
    public DesiredStateFeedback refusal(DesiredStateCommand command, Status failure, String message) {
        return new DesiredStateFeedback(command.baseline(), failure, message, List.of());
    }

    @Override
    public Inventory currentState() {
        return new Inventory(List.of(), List.of(), List.of());
    }
}

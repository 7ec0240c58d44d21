package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.Command;

/**
 * What an activity still waits for from its agents, sent (again): after the manager resumed from its journal, and
 * to an agent that announced itself after a start, whose broker session may have lost what was sent while it was
 * away. Agents answer a repeated desired state or command with their result, so sending again is safe.
 */
final class PendingRequests {
    private final ManagerOutbox outbox;

    PendingRequests(ManagerOutbox outbox) {
        this.outbox = outbox;
    }

    /** To every domain of the activity. */
    void sendAll(Activity activity) {
        activity.progress().domains().forEach(d -> sendTo(activity, d.domain()));
    }

    /**
     * To one domain: its part of the desired state while it is being identified, the command of the phase it has
     * not answered, or a CLEANUP it has not answered.
     *
     * @return what went, if anything
     */
    Optional<String> sendTo(Activity activity, String domain) {
        ActivityProgress progress = activity.progress();
        Optional<DomainProgress> found = progress.domains().stream().filter(d -> d.domain().equals(domain))
                .findFirst();
        if (found.isEmpty() || progress.awaitingConsent().isPresent()) {
            return Optional.empty();
        }
        OrchestrationPhase phase = activity.phase();
        String id = activity.activityId();
        if (phase == OrchestrationPhase.IDENTIFICATION) {
            if (!progress.pending().contains(domain)) {
                return Optional.empty();
            }
            outbox.sendDesiredState(domain, id, activity.plan().desiredState().partFor(domain));
            return Optional.of("its desired state");
        }
        Optional<Command> command = phase.command();
        if (command.isPresent() && found.get().pendingIn(phase)) {
            outbox.sendCommand(domain, id, command.get());
            return Optional.of(command.get().name());
        }
        if (command.isPresent() && found.get().cleanup() == CleanupState.CLEANING) {
            outbox.sendCommand(domain, id, Command.CLEANUP);
            return Optional.of(Command.CLEANUP.name());
        }
        return Optional.empty();
    }
}

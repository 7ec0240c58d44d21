package org.vehicleupdate.containers.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vehicleupdate.messages.ActionStatus;
import org.vehicleupdate.messages.Status;

/**
 * DOWNLOAD, UPDATE and ACTIVATE: the phases that take the host forward to the desired containers. DOWNLOAD's pulls
 * and creates and ACTIVATE's starts run several at a time ({@link Fanout}); UPDATE stops one container after the
 * other, so that a restart knows which stop was cut off.
 */
final class ForwardPhases {
    private final ContainerRuntime runtime;
    private final HostSteps steps;
    private final HostRestore restorer;
    private final StartupWatch startupWatch;
    private final OperationLog log;
    private final Fanout fanout;

    ForwardPhases(ContainerRuntime runtime, HostSteps steps, HostRestore restorer, StartupWatch startupWatch,
            OperationLog log, Fanout fanout) {
        this.runtime = runtime;
        this.steps = steps;
        this.restorer = restorer;
        this.startupWatch = startupWatch;
        this.log = log;
        this.fanout = fanout;
    }

    /**
     * Pulls every image first, each image once and several at a time, so that an image that cannot be pulled (or
     * has not the digest the desired state pins) leaves the host as it was; then creates the new containers, several
     * at a time, each after renaming the old one aside. A failure undoes what this phase did. Every action is
     * reported DOWNLOADING at once, and the first container that failed, in the desired state's order, gives the
     * phase's message: the feedback does not depend on which task ended first.
     */
    void download(Operation operation) {
        List<ActionState> todo = operation.actions.stream()
                .filter(a -> a.kind == ActionKind.CREATE || a.kind == ActionKind.RECREATE).toList();
        log.change(operation, () -> {
            operation.status = Status.DOWNLOADING;
            for (ActionState action : todo) {
                action.set(ActionStatus.DOWNLOADING, action.kind.identificationMessage());
                action.progress = 0;
            }
        });
        if (todo.isEmpty()) {
            log.transition(operation, Status.DOWNLOAD_SUCCESS, "");
            return;
        }
        log.report(operation);
        Map<String, List<ActionState>> byImage = new LinkedHashMap<>();
        todo.forEach(a -> byImage.computeIfAbsent(a.desired.image(), image -> new ArrayList<>()).add(a));
        Map<ActionState, String> notPulled = new ConcurrentHashMap<>();
        fanout.run(List.copyOf(byImage.keySet()), image -> pull(operation, image, byImage.get(image), notPulled));
        Optional<ActionState> failed = todo.stream().filter(notPulled::containsKey).findFirst();
        if (failed.isPresent()) {
            todo.stream().filter(notPulled::containsKey)
                    .forEach(a -> a.set(ActionStatus.DOWNLOAD_FAILURE, notPulled.get(a)));
            log.fail(operation, Status.DOWNLOAD_FAILURE, sentence(failed.get().message)
                    + " Nothing was changed on the host.");
            return;
        }
        todo.forEach(a -> a.progress = 100);
        List<Optional<ContainerRuntimeException>> created = fanout.run(todo, action -> {
            if (action.kind == ActionKind.RECREATE) {
                steps.moveAside(operation, action);
            }
            steps.createNew(operation, action);
        });
        failed = Optional.empty();
        for (int i = 0; i < todo.size(); i++) {
            ActionState action = todo.get(i);
            if (created.get(i).isPresent()) {
                action.set(ActionStatus.DOWNLOAD_FAILURE, "Cannot create container " + action.name + ": "
                        + created.get(i).get().getMessage());
                failed = failed.or(() -> Optional.of(action));
            } else {
                action.set(ActionStatus.DOWNLOAD_SUCCESS, "New container created.");
            }
        }
        if (failed.isPresent()) {
            List<String> problems = restorer.restore(operation);
            log.fail(operation, Status.DOWNLOAD_FAILURE, sentence(failed.get().message) + (problems.isEmpty()
                    ? " The containers created so far were removed; the host is as before."
                    : " Undoing the download failed: " + String.join("; ", problems)));
            return;
        }
        log.transition(operation, Status.DOWNLOAD_SUCCESS, "");
    }

    /** One image for the actions that use it, checked against each one's pin; what failed goes to notPulled. */
    private void pull(Operation operation, String image, List<ActionState> users, Map<ActionState, String> notPulled) {
        try {
            runtime.pull(image, percent -> log.progress(operation, users, percent));
            List<String> digests = null;
            for (ActionState action : users) {
                String pin = action.desired.pinnedDigest();
                if (pin.isEmpty()) {
                    continue;
                }
                digests = digests == null ? runtime.imageDigests(image) : digests;
                if (!digests.contains(pin)) {
                    notPulled.put(action, "Image " + image + " has digest " + (digests.isEmpty() ? "(none recorded)"
                            : String.join(", ", digests)) + ", the desired state pins " + pin);
                }
            }
        } catch (ContainerRuntimeException e) {
            users.forEach(a -> notPulled.put(a, "Cannot download image " + image + ": " + e.getMessage()));
        }
    }

    /** Stops what is replaced or destroyed; changes restart policy and memory in place, or recreates. */
    void update(Operation operation) {
        operation.status = Status.UPDATING;
        log.save(operation);
        for (ActionState action : operation.actions) {
            if (action.kind != ActionKind.RECREATE && action.kind != ActionKind.DESTROY
                    && action.kind != ActionKind.UPDATE) {
                continue;
            }
            action.set(ActionStatus.UPDATING, action.kind.identificationMessage());
            log.report(operation);
            try {
                if (action.kind == ActionKind.UPDATE) {
                    steps.update(operation, action);
                    action.set(ActionStatus.UPDATE_SUCCESS, "Container instance is updated with new configuration.");
                } else {
                    steps.stopOld(operation, action);
                    action.set(ActionStatus.UPDATE_SUCCESS, "Old container instance is stopped.");
                }
            } catch (ContainerRuntimeException e) {
                action.set(ActionStatus.UPDATE_FAILURE, "Cannot update container " + action.name + ": "
                        + e.getMessage());
                log.fail(operation, Status.UPDATE_FAILURE, action.message);
                return;
            }
        }
        log.transition(operation, Status.UPDATE_SUCCESS, "");
    }

    /**
     * Starts the new containers, several at a time, then watches them all in one window until they prove healthy
     * or stay up. A container that cannot be started fails the phase (the first in the desired state's order gives
     * the message); the ones started stay for ROLLBACK to remove.
     */
    void activate(Operation operation) {
        operation.status = Status.ACTIVATING;
        log.save(operation);
        Map<ActionState, String> toStart = new LinkedHashMap<>();
        for (ActionState action : operation.actions) {
            String id = switch (action.kind) {
                case CREATE, RECREATE -> action.newId;
                case UPDATE -> action.newId.isEmpty() ? (action.currentWasRunning ? action.currentId : "") : action.newId;
                default -> "";
            };
            if (!id.isEmpty()) {
                toStart.put(action, id);
            }
        }
        toStart.keySet().forEach(a -> a.set(ActionStatus.ACTIVATING, a.kind.identificationMessage()));
        if (!toStart.isEmpty()) {
            log.report(operation);
        }
        List<ActionState> order = List.copyOf(toStart.keySet());
        List<Optional<ContainerRuntimeException>> starts = fanout.run(order, a -> runtime.start(toStart.get(a)));
        Map<ActionState, String> started = new LinkedHashMap<>();
        Optional<ActionState> notStarted = Optional.empty();
        for (int i = 0; i < order.size(); i++) {
            ActionState action = order.get(i);
            if (starts.get(i).isPresent()) {
                action.set(ActionStatus.ACTIVATION_FAILURE, "Cannot start container " + action.name + ": "
                        + starts.get(i).get().getMessage());
                notStarted = notStarted.or(() -> Optional.of(action));
            } else {
                started.put(action, toStart.get(action));
            }
        }
        if (notStarted.isPresent()) {
            log.fail(operation, Status.ACTIVATION_FAILURE, notStarted.get().message);
            return;
        }
        Optional<ActionState> failed;
        try {
            failed = startupWatch.watch(started);
        } catch (ContainerRuntimeException e) {
            log.fail(operation, Status.ACTIVATION_FAILURE, "Cannot watch the started containers: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.fail(operation, Status.ACTIVATION_FAILURE, "The agent stopped while ACTIVATE watched the containers.");
            return;
        }
        if (failed.isPresent()) {
            log.fail(operation, Status.ACTIVATION_FAILURE, failed.get().message);
            return;
        }
        for (ActionState action : operation.actions) {
            if (action.kind == ActionKind.CHECK) {
                action.set(ActionStatus.ACTIVATION_SUCCESS, action.currentWasRunning
                        ? "Existing container instance is running."
                        : "Existing container instance is not running; it is left as it was.");
            }
        }
        operation.activated = true;
        log.transition(operation, Status.ACTIVATION_SUCCESS, "");
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }
}

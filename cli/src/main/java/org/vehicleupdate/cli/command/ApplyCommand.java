package org.vehicleupdate.cli.command;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vehicleupdate.cli.core.ActivityProgress;
import org.vehicleupdate.cli.core.DesiredStateInput;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.core.Outcome;
import org.vehicleupdate.cli.core.ProgressChange;
import org.vehicleupdate.cli.mqtt.CliBroker;
import org.vehicleupdate.cli.view.ProgressView;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code apply FILE}: publish a desired state and follow its activity to the end. */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Publish a desired state and follow the update to its end.",
        description = {"Checks the desired state as the update-manager will, publishes it on"
                + " <domain>update/desiredstate and follows the update to its end: each domain's phase, each"
                + " component's progress, the final status.",
                "%nFILE is a whole message {\"activityId\":...,\"payload\":{\"domains\":[...]}} or only the"
                        + " payload {\"domains\":[...]}, which gets a fresh activityId.",
                "%nExit 0 on COMPLETED, 1 on INCOMPLETE or IDENTIFICATION_FAILED, 2 if the file is refused"
                        + " (nothing is sent), 3 on timeout, 4 if the broker cannot be reached.%n"})
final class ApplyCommand implements Callable<Integer> {
    @ParentCommand
    VehicleUpdateCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Parameters(paramLabel = "FILE", description = "the desired state (JSON), or - to read it from stdin")
    String file;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = GoDurationConverter.class,
            description = "give up following when no final status came within this (default ${DEFAULT-VALUE});"
                    + " the update itself goes on")
    Duration timeout;

    @Option(names = "--new-activity",
            description = "give the message a fresh activityId even if the file has one (to apply the same file"
                    + " again: the update-manager answers a known activityId with that activity's result)")
    boolean newActivity;

    @Option(names = "--check", description = "only check FILE as the update-manager would, say what it holds and"
            + " exit (0 valid, 2 refused); nothing is sent, no broker needed")
    boolean check;

    @Mixin
    ThingsOptions things;

    @Option(names = "--plain", description = "one line per change even on a terminal (no bars redrawn in place)")
    boolean plain;

    @Override
    public Integer call() throws InterruptedException {
        CliEnvironment environment = root.environment;
        MessageReader reader = new MessageReader();
        byte[] raw = read(reader.maxBytes());
        DesiredStateInput.Prepared prepared = new DesiredStateInput(reader, environment.clock(),
                environment.newActivityId()).prepare(raw, newActivity);
        if (prepared instanceof DesiredStateInput.Refused refused) {
            throw new CliFailure(ExitCode.INVALID_INPUT, source() + ": not a valid desired state: " + refused.reason());
        }
        DesiredStateInput.Ready ready = (DesiredStateInput.Ready) prepared;
        if (check) {
            spec.commandLine().getOut().println(source() + ": valid desired state" + (ready.idAssigned() ? ""
                    : " of activity " + ready.envelope().activityId()) + ": " + summary(ready.envelope().payload()));
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
        String activityId = ready.envelope().activityId();
        DomainTopics vehicle = broker.topics();
        boolean interactive = environment.interactive() && !plain;
        ProgressView view = new ProgressView(spec.commandLine().getOut(), interactive,
                interactive ? terminalWidth() : 0, environment.clock());
        ActivityProgress progress = new ActivityProgress(activityId);
        Inbox<DesiredStateFeedback> inbox = new Inbox<>();
        Map<String, String> domainByTopic = agentTopics(ready, vehicle);

        Optional<ThingsRoute> thingsRoute = things.enabled ? Optional.of(new ThingsRoute(things, reader))
                : Optional.empty();
        try (CliBroker cli = broker.prepare(environment, reader, spec.commandLine().getErr())) {
            // subscribed before publishing: the first feedback can come before publish() returns
            if (thingsRoute.isPresent()) {
                thingsRoute.get().followFeedback(cli, inbox);
                thingsRoute.get().followAnswer(cli, activityId, activityId, environment.clock(), inbox);
            } else {
                cli.wire().<DesiredStateFeedback>on(vehicle.desiredStateFeedback(),
                        MessageKind.DESIRED_STATE_FEEDBACK, inbox::add);
            }
            for (String topic : domainByTopic.keySet()) {
                cli.wire().<DesiredStateFeedback>on(topic, MessageKind.DESIRED_STATE_FEEDBACK, inbox::add);
            }
            connect(cli);
            if (thingsRoute.isPresent()) {
                ThingsRoute route = thingsRoute.get();
                org.eclipse.ditto.things.model.ThingId thing = route.thing(cli, broker.connectTimeout);
                String topic = route.apply(cli, thing, activityId, ready.message());
                view.started(source(), activityId, topic + " (thing " + thing + ")");
            } else {
                view.started(source(), activityId, vehicle.desiredState());
                cli.publishRaw(vehicle.desiredState(), ready.message());
            }

            Thread interrupted = interruptNotice(activityId);
            Runtime.getRuntime().addShutdownHook(interrupted);
            try {
                long deadline = Inbox.deadline(timeout);
                while (!progress.isOver()) {
                    Optional<Inbox.Delivery<DesiredStateFeedback>> next = inbox.next(deadline);
                    if (next.isEmpty()) {
                        Outcome outcome = progress.timedOut(timeout);
                        view.finished(outcome);
                        return outcome.exitCode();
                    }
                    for (ProgressChange change : follow(progress, next.get(), domainByTopic)) {
                        view.show(change);
                    }
                }
                // said before disconnecting, which may take a moment
                Outcome outcome = progress.outcome().orElseThrow();
                view.finished(outcome);
                return outcome.exitCode();
            } finally {
                removeHook(interrupted);
            }
        }
    }

    private static List<ProgressChange> follow(ActivityProgress progress,
            Inbox.Delivery<DesiredStateFeedback> delivery, Map<String, String> domainByTopic) {
        String domain = domainByTopic.get(delivery.topic());
        if (delivery.message() instanceof ReadResult.Rejected<DesiredStateFeedback> rejected) {
            return progress.onUnreadable(delivery.topic(), rejected.activityId(), rejected.reason());
        }
        ReadResult.Accepted<DesiredStateFeedback> accepted = (ReadResult.Accepted<DesiredStateFeedback>) delivery.message();
        // the vehicle's feedback comes on its own topic, or from the thing's feature in things mode
        return domain == null ? progress.onVehicleFeedback(accepted.envelope())
                : progress.onDomainFeedback(domain, accepted.envelope());
    }

    /** {@code containers (2 components), self-update (1 component)} */
    private static String summary(DesiredState desiredState) {
        if (desiredState.domains().isEmpty()) {
            return "no domains";
        }
        return desiredState.domains().stream()
                .map(d -> d.id() + " (" + d.components().size() + (d.components().size() == 1 ? " component)"
                        : " components)"))
                .collect(Collectors.joining(", "));
    }

    /** As picocli finds it for the help (stty/tput); its default width when it cannot tell. */
    private int terminalWidth() {
        return spec.usageMessage().autoWidth(true).width();
    }

    /** On Ctrl-C the operator must know that only the following stopped, not the update. */
    private Thread interruptNotice(String activityId) {
        PrintWriter err = spec.commandLine().getErr();
        return new Thread(() -> {
            err.println();
            err.println("vehicle-update: stopped following activity " + activityId
                    + "; the update goes on (see it with: vehicle-update watch)");
            err.flush();
        });
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, as it should
        }
    }

    /** The feedback topic of each domain in the desired state: where its agent reports its phases. */
    private static Map<String, String> agentTopics(DesiredStateInput.Ready ready, DomainTopics vehicle) {
        Map<String, String> topics = new LinkedHashMap<>();
        for (Domain domain : ready.envelope().payload().domains()) {
            String topic = DomainTopics.of(domain.id()).desiredStateFeedback();
            if (!topic.equals(vehicle.desiredStateFeedback())) {
                topics.putIfAbsent(topic, domain.id());
            }
        }
        return topics;
    }

    private void connect(CliBroker cli) throws InterruptedException {
        broker.connect(cli);
    }

    /**
     * The input, but never more than the size limit plus one byte: a desired state is small, and a wrong file
     * (an image, a log) must be refused, not read into memory.
     */
    private byte[] read(int limit) {
        try {
            if (file.equals("-")) {
                byte[] head = root.environment.stdin().readNBytes(limit + 1);
                if (head.length > limit) {
                    throw tooLarge("more than " + limit, limit);
                }
                return head;
            }
            Path path = Path.of(file);
            if (Files.isDirectory(path)) {
                throw new CliFailure(ExitCode.INVALID_INPUT, file + ": is a directory");
            }
            long size = Files.size(path);
            if (size > limit) {
                throw tooLarge(String.valueOf(size), limit);
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, file + ": permission denied");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.INVALID_INPUT, source() + ": cannot read: " + e.getMessage());
        }
    }

    /** Worded as the update-manager words it, so that the operator sees one message for one problem. */
    private CliFailure tooLarge(String size, int limit) {
        return new CliFailure(ExitCode.INVALID_INPUT, source() + ": not a valid desired state: message: " + size
                + " bytes is over the limit of " + limit + " bytes");
    }

    private String source() {
        return file.equals("-") ? "stdin" : file;
    }
}

package org.vehicleupdate.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.mqtt.CliBroker;
import org.vehicleupdate.cli.view.FeedbackLines;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code watch}: every feedback message, of every activity, as it comes. */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Show the feedback of every activity as it arrives.",
        description = {"Shows the feedback of every activity as it arrives, until Ctrl-C: one line per message"
                + " (time, topic prefix, activityId, status, message), then one indented line per action"
                + " (component, status, progress, message). A message that is not valid feedback is shown as"
                + " INVALID with the reason.%n"})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    VehicleUpdateCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--all", description = "also the agents' feedback (+/desiredstatefeedback), not only the"
            + " update-manager's")
    boolean all;

    @Mixin
    ThingsOptions things;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "0",
            description = "stop after N messages (default: run until interrupted)")
    int count;

    @Override
    public Integer call() throws InterruptedException {
        CliEnvironment environment = root.environment;
        MessageReader reader = new MessageReader();
        String filter = all ? "+/desiredstatefeedback" : broker.topics().desiredStateFeedback();
        FeedbackLines lines = new FeedbackLines(environment.zone());
        PrintWriter out = spec.commandLine().getOut();
        Inbox<DesiredStateFeedback> inbox = new Inbox<>();
        try (CliBroker cli = broker.prepare(environment, reader, spec.commandLine().getErr())) {
            if (things.enabled) {
                // the update-manager's feedback is the feature's outbox message on e; the agents' stay plain
                new ThingsRoute(things, reader).followFeedback(cli, inbox);
                filter = "e (feature UpdateManager" + things.thingId().map(t -> " of " + t).orElse("") + ")"
                        + (all ? " and +/desiredstatefeedback" : "");
                if (all) {
                    cli.wire().<DesiredStateFeedback>on("+/desiredstatefeedback", MessageKind.DESIRED_STATE_FEEDBACK,
                            inbox::add);
                }
            } else {
                cli.wire().<DesiredStateFeedback>on(filter, MessageKind.DESIRED_STATE_FEEDBACK, inbox::add);
            }
            broker.connect(cli);
            spec.commandLine().getErr().println("watching " + filter + " on " + cli.url() + " (Ctrl-C to stop)");
            spec.commandLine().getErr().flush();
            for (int shown = 0; count <= 0 || shown < count; shown++) {
                Inbox.Delivery<DesiredStateFeedback> delivery = inbox.next();
                if (delivery.message() instanceof ReadResult.Accepted<DesiredStateFeedback> accepted) {
                    lines.format(delivery.topic(), accepted.envelope(), environment.clock().instant())
                            .forEach(out::println);
                } else {
                    ReadResult.Rejected<DesiredStateFeedback> rejected =
                            (ReadResult.Rejected<DesiredStateFeedback>) delivery.message();
                    out.println(lines.formatInvalid(delivery.topic(), rejected.activityId(), rejected.reason(),
                            environment.clock().instant()));
                }
                out.flush();
            }
        }
        return ExitCode.OK;
    }
}

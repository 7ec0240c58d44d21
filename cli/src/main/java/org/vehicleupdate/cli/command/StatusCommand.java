package org.vehicleupdate.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.core.InventoryTree;
import org.vehicleupdate.cli.mqtt.CliBroker;
import org.vehicleupdate.cli.view.InventoryTable;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.CurrentStateRequest;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: the vehicle's inventory as a table. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Show the vehicle's inventory as a table.",
        description = {"Asks the update-manager for the current inventory (<domain>update/currentstate/get) and"
                + " shows it as a table, each node under the agent it belongs to. When no answer comes within"
                + " --wait, the retained inventory is shown, and said to be so.%n"})
final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParentCommand
    VehicleUpdateCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5s", converter = GoDurationConverter.class,
            description = "how long to wait for the answer (default ${DEFAULT-VALUE})")
    Duration wait;

    @Override
    public Integer call() throws InterruptedException {
        CliEnvironment environment = root.environment;
        MessageReader reader = new MessageReader();
        DomainTopics topics = broker.topics();
        String requestId = environment.newActivityId().get();
        Inbox<Inventory> inbox = new Inbox<>();
        Envelope<Inventory> answer = null;
        Envelope<Inventory> latest = null;
        String refusal = null;
        try (CliBroker cli = broker.prepare(environment, reader, spec.commandLine().getErr())) {
            cli.wire().<Inventory>on(topics.currentState(), MessageKind.CURRENT_STATE, inbox::add);
            broker.connect(cli);
            cli.wire().send(topics.currentStateGet(), requestId, new CurrentStateRequest());
            long deadline = Inbox.deadline(wait);
            while (answer == null) {
                Optional<Inbox.Delivery<Inventory>> next = inbox.next(deadline);
                if (next.isEmpty()) {
                    break;
                }
                if (next.get().message() instanceof ReadResult.Accepted<Inventory> accepted) {
                    latest = accepted.envelope();
                    if (requestId.equals(latest.activityId())) {
                        answer = latest;
                    }
                } else {
                    refusal = ((ReadResult.Rejected<Inventory>) next.get().message()).reason();
                }
            }
        }
        if (latest == null) {
            if (refusal != null) {
                throw new CliFailure(ExitCode.UPDATE_FAILED, "the inventory on " + topics.currentState()
                        + " is not valid: " + refusal);
            }
            throw new CliFailure(ExitCode.TIMED_OUT, "no inventory on " + topics.currentState() + " within "
                    + GoDuration.format(wait) + " (is the update-manager running?)");
        }
        print(topics, latest, answer != null);
        return ExitCode.OK;
    }

    private void print(DomainTopics topics, Envelope<Inventory> inventory, boolean answered) {
        PrintWriter out = spec.commandLine().getOut();
        String when = inventory.timestamp() > 0
                ? TIME.format(Instant.ofEpochMilli(inventory.timestamp()).atZone(root.environment.zone())) : "unknown time";
        out.println("inventory on " + topics.currentState() + " of " + when + " (activity "
                + (inventory.activityId().isEmpty() ? "-" : inventory.activityId()) + ")"
                + (answered ? "" : ", the retained one: no answer to the request within " + GoDuration.format(wait)));
        InventoryTable.render(InventoryTree.rows(inventory.payload())).forEach(out::println);
        out.flush();
    }
}

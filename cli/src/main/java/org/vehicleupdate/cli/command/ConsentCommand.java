package org.vehicleupdate.cli.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.mqtt.CliBroker;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.ConsentStatus;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.OwnerConsent;
import org.vehicleupdate.messages.OwnerConsentFeedback;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code consent approve|deny}: answer the update-manager's owner consent request, as the HMI would. */
@Command(name = "consent", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        header = "Answer an owner consent request: approve or deny.",
        description = {"Answers an owner consent request with APPROVED or DENIED on"
                + " <domain>update/ownerconsentfeedback, as the HMI would. Without --activity, the request"
                + " answered is the first one that arrives on <domain>update/ownerconsent within --wait (a"
                + " retained one at once).%n"})
final class ConsentCommand implements Callable<Integer> {
    /** The operator's answer. */
    enum Answer {
        APPROVE(ConsentStatus.APPROVED), DENY(ConsentStatus.DENIED);

        final ConsentStatus status;

        Answer(ConsentStatus status) {
            this.status = status;
        }
    }

    @ParentCommand
    VehicleUpdateCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Parameters(paramLabel = "approve|deny", description = "the answer")
    Answer answer;

    @Option(names = "--activity", paramLabel = "ID", description = "the activity to answer, instead of waiting for"
            + " its request")
    String activity;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "5s", converter = GoDurationConverter.class,
            description = "how long to wait for a request without --activity (default ${DEFAULT-VALUE})")
    Duration wait;

    @Override
    public Integer call() throws InterruptedException {
        CliEnvironment environment = root.environment;
        MessageReader reader = new MessageReader();
        DomainTopics topics = broker.topics();
        PrintWriter out = spec.commandLine().getOut();
        Inbox<OwnerConsent> inbox = new Inbox<>();
        try (CliBroker cli = broker.prepare(environment, reader, spec.commandLine().getErr())) {
            if (activity == null) {
                cli.wire().<OwnerConsent>on(topics.ownerConsent(), MessageKind.OWNER_CONSENT, inbox::add);
            }
            broker.connect(cli);
            String activityId = activity;
            String asked = "";
            if (activityId == null) {
                Envelope<OwnerConsent> request = awaitRequest(inbox, topics);
                activityId = request.activityId();
                asked = " (it asked for consent to " + request.payload().command() + ")";
            }
            cli.wire().send(topics.ownerConsentFeedback(), activityId, new OwnerConsentFeedback(answer.status));
            out.println(answer.status + " sent for activity " + activityId + " on " + topics.ownerConsentFeedback()
                    + asked);
            out.flush();
        }
        return ExitCode.OK;
    }

    private Envelope<OwnerConsent> awaitRequest(Inbox<OwnerConsent> inbox, DomainTopics topics)
            throws InterruptedException {
        long deadline = Inbox.deadline(wait);
        String refusal = null;
        while (true) {
            Optional<Inbox.Delivery<OwnerConsent>> next = inbox.next(deadline);
            if (next.isEmpty()) {
                throw new CliFailure(ExitCode.TIMED_OUT, "no owner consent request on " + topics.ownerConsent()
                        + " within " + GoDuration.format(wait)
                        + (refusal == null ? "" : " (one was not valid: " + refusal + ")")
                        + "; pass --activity ID to answer a known activity");
            }
            if (next.get().message() instanceof ReadResult.Accepted<OwnerConsent> accepted
                    && !accepted.envelope().activityId().isEmpty()) {
                return accepted.envelope();
            }
            if (next.get().message() instanceof ReadResult.Rejected<OwnerConsent> rejected) {
                refusal = rejected.reason();
            }
        }
    }
}

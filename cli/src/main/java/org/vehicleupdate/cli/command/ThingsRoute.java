package org.vehicleupdate.cli.command;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.ditto.things.model.ThingId;
import org.vehicleupdate.cli.core.ExitCode;
import org.vehicleupdate.cli.mqtt.CliBroker;
import org.vehicleupdate.cli.mqtt.ThingsChannel;
import org.vehicleupdate.kit.time.GoDuration;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * {@code apply} and {@code watch} in things mode: the desired state goes as an {@code apply} message to the
 * feature of the vehicle's thing (given, or as the cloud connector names it), and the feature's feedback comes
 * back into the same inbox as on the plain topic, under the label {@code <thing>/feedback}.
 */
final class ThingsRoute {
    private final ThingsChannel channel;
    private final Optional<ThingId> given;
    private final BlockingQueue<ThingId> named = new LinkedBlockingQueue<>();
    private volatile Optional<ThingId> thing;

    ThingsRoute(ThingsOptions options, MessageReader reader) {
        this.channel = new ThingsChannel(reader);
        this.given = options.thingId();
        this.thing = given;
    }

    /** Before connecting: the feature's feedback (of the thing, once known) into the inbox. */
    void followFeedback(CliBroker cli, Inbox<DesiredStateFeedback> inbox) {
        cli.onRaw(ThingsChannel.EDGE_RESPONSE, (topic, payload) -> ThingsChannel.edgeThing(payload)
                .ifPresent(named::add));
        cli.onRaw(ThingsChannel.EVENTS, (topic, payload) -> channel.feedback(payload)
                .filter(f -> thing.map(t -> t.equals(f.thing())).orElse(true))
                .ifPresent(f -> inbox.add(f.thing() + "/feedback", f.message())));
    }

    /** Before connecting: a refusal of the request ends the activity as the manager would say it. */
    void followAnswer(CliBroker cli, String requestId, String activityId, Clock clock,
            Inbox<DesiredStateFeedback> inbox) {
        cli.onRaw("command///res/" + requestId + "/+", (topic, payload) -> {
            ThingsChannel.Response response = channel.response(topic, payload);
            if (response.status() >= 400) {
                inbox.add(thing.map(t -> t + "/feedback").orElse("things"), new ReadResult.Accepted<>(Envelope.of(
                        activityId, clock.millis(), DesiredStateFeedback.of(Status.IDENTIFICATION_FAILED,
                                "refused by the update-manager (" + response.status() + "): " + response.message(),
                                List.of()))));
            }
        });
    }

    /** After connecting: the thing given, or the one the cloud connector names when asked. */
    ThingId thing(CliBroker cli, Duration wait) throws InterruptedException {
        if (thing.isPresent()) {
            return thing.get();
        }
        cli.publishRaw(ThingsChannel.EDGE_REQUEST, new byte[0]);
        ThingId answer = named.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            throw new CliFailure(ExitCode.TIMED_OUT, "no cloud connector answered on " + ThingsChannel.EDGE_RESPONSE
                    + " within " + GoDuration.format(wait) + "; give the vehicle's thing with --thing");
        }
        thing = Optional.of(answer);
        return answer;
    }

    /** Sends the validated plain message as {@code apply}; returns the MQTT topic it went to. */
    String apply(CliBroker cli, ThingId target, String requestId, byte[] plainMessage) {
        String topic = ThingsChannel.requestTopic(requestId, "apply");
        cli.publishRaw(topic, channel.apply(target, requestId,
                new String(plainMessage, java.nio.charset.StandardCharsets.UTF_8)));
        return topic;
    }
}

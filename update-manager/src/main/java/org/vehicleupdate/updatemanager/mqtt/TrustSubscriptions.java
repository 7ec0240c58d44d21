package org.vehicleupdate.updatemanager.mqtt;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.DomainTopics;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.updatemanager.core.ManagerOutbox;
import org.vehicleupdate.updatemanager.trust.TrustAnswer;
import org.vehicleupdate.updatemanager.trust.TrustGate;

/**
 * {@code <prefix>/trust/root} (a new trust root) and {@code <prefix>/trust/reset} (a root-signed reset of the
 * sequence), answered on the feedback topic under the message's activityId: COMPLETED when taken,
 * IDENTIFICATION_FAILED with the reason otherwise.
 */
public final class TrustSubscriptions {
    private TrustSubscriptions() {
    }

    public static String rootTopic(String domain) {
        return DomainTopics.of(domain).prefix() + "/trust/root";
    }

    /** Only to find a refused message's own activityId; the trust gate reads the message itself. */
    private static final MessageReader HEAD_READER = new MessageReader(MessageReader.DEFAULT_MAX_BYTES);

    public static String resetTopic(String domain) {
        return DomainTopics.of(domain).prefix() + "/trust/reset";
    }

    public static void register(MessageBus bus, String domain, int maxBytes, Optional<TrustGate> trust,
            ManagerOutbox outbox) {
        bus.subscribe(rootTopic(domain), (topic, payload) -> answer(outbox, payload, maxBytes, trust, TrustGate::rotate));
        bus.subscribe(resetTopic(domain), (topic, payload) -> answer(outbox, payload, maxBytes, trust, TrustGate::reset));
    }

    private static void answer(ManagerOutbox outbox, byte[] payload, int maxBytes, Optional<TrustGate> trust,
            BiFunction<TrustGate, byte[], TrustAnswer> handler) {
        TrustAnswer answer;
        if (payload.length > maxBytes) {
            answer = new TrustAnswer(HEAD_READER.activityIdInHead(payload), false, "message: " + payload.length
                    + " bytes is over the limit of " + maxBytes + " bytes");
        } else if (trust.isEmpty()) {
            answer = new TrustAnswer(HEAD_READER.activityIdInHead(payload), false,
                    "trust: trust.mode is off on this vehicle; trust roots and resets are not used");
        } else {
            answer = handler.apply(trust.get(), payload);
        }
        outbox.publishFeedback(answer.activityId(), DesiredStateFeedback.of(
                answer.accepted() ? Status.COMPLETED : Status.IDENTIFICATION_FAILED, answer.message(), List.of()));
    }
}

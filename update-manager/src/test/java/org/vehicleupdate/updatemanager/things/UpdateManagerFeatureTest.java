package org.vehicleupdate.updatemanager.things;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.kit.mqtt.MessageBus;
import org.vehicleupdate.kit.mqtt.MessageHandler;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.updatemanager.things.UpdateManagerFeature.ConsentMatch;

class UpdateManagerFeatureTest {
    private final List<String> published = new ArrayList<>();
    private final MessageBus bus = new MessageBus() {
        @Override
        public void subscribe(String topicFilter, MessageHandler handler) {
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retained) {
            published.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }
    };
    private final UpdateManagerFeature feature = new UpdateManagerFeature(bus, new DittoEnvelopes(), "vehicle",
            Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
    private final EdgeConfiguration vehicle1 = EdgeConfiguration.parse(
            "{\"deviceId\":\"demo:vehicle-1\",\"tenantId\":\"t\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void feedbackFromBeforeTheConnectorAnsweredGoesOutRightAfterTheRegistration() {
        feature.sendFeedback("resumed-1", DesiredStateFeedback.of(Status.COMPLETED, "", List.of()));
        feature.setState("resumed-1", new Inventory(List.of(), List.of(), List.of()));
        assertThat(published).isEmpty();

        assertThat(feature.activate(vehicle1)).isTrue();
        assertThat(published).hasSize(2);
        assertThat(published.get(0)).startsWith("e ").contains("\"path\":\"/features/UpdateManager\"");
        assertThat(published.get(1)).startsWith("e ").contains("/outbox/messages/feedback")
                .contains("\"activityId\":\"resumed-1\"").contains("\"status\":\"COMPLETED\"");
        assertThat(feature.activate(vehicle1)).as("the same thing again").isFalse();
        assertThat(published).hasSize(2);
    }

    @Test
    void aConnectorAnswerWithoutAUsableDeviceIdIsRefusedWithTheReason() {
        assertThatThrownBy(() -> EdgeConfiguration.parse("{\"tenantId\":\"t\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("deviceId: required field is missing");
        assertThatThrownBy(() -> EdgeConfiguration.parse("{\"deviceId\":\"no-namespace\"}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("deviceId: 'no-namespace' is not a thing id");
        assertThatThrownBy(() -> EdgeConfiguration.parse("online".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("not valid JSON");
    }

    @Test
    void onlyTheNewestWaitingMessagesAreKept() {
        for (int i = 0; i < UpdateManagerFeature.MAX_WAITING + 5; i++) {
            feature.sendFeedback("a-" + i, DesiredStateFeedback.of(Status.RUNNING, "", List.of()));
        }
        feature.activate(vehicle1);
        assertThat(published).hasSize(1 + UpdateManagerFeature.MAX_WAITING);
        assertThat(published.get(1)).contains("\"activityId\":\"a-5\"");
    }

    @Test
    void aConsentAnswerCountsOnlyWithTheCorrelationIdOfTheRequestAndOnlyOnce() {
        feature.activate(vehicle1);
        assertThat(feature.takeConsent(Optional.of("x"))).isEqualTo(ConsentMatch.NOTHING_ASKED);
        feature.askConsent("c-1", Command.DOWNLOAD);
        String sent = published.get(published.size() - 1);
        String correlationId = sent.replaceAll(".*\"correlation-id\":\"([^\"]+)\".*", "$1");
        assertThat(sent).contains("\"response-required\":true").contains("\"ownerConsent\":{\"command\":\"DOWNLOAD\"}");
        assertThat(feature.takeConsent(Optional.of("other"))).isEqualTo(ConsentMatch.OTHER_REQUEST);
        assertThat(feature.takeConsent(Optional.empty())).isEqualTo(ConsentMatch.OTHER_REQUEST);
        assertThat(feature.takeConsent(Optional.of(correlationId))).isEqualTo(ConsentMatch.MATCHED);
        assertThat(feature.takeConsent(Optional.of(correlationId))).isEqualTo(ConsentMatch.NOTHING_ASKED);
    }
}

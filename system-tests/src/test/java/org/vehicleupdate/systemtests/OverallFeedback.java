package org.vehicleupdate.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.vehicleupdate.kit.testing.TestMqttClient;
import org.vehicleupdate.messages.DesiredStateFeedback;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Status;
import org.vehicleupdate.messages.json.WireJson;

/**
 * The update-manager's feedback on {@code vehicleupdate/desiredstatefeedback} as a user's clients saw it, in
 * order: one client, or one per boot of the vehicle (a power cut drops the client with everything else).
 */
final class OverallFeedback {
    static final String TOPIC = "vehicleupdate/desiredstatefeedback";
    static final Set<Status> FINAL = Set.of(Status.COMPLETED, Status.INCOMPLETE, Status.IDENTIFICATION_FAILED);

    private final Supplier<List<TestMqttClient>> clients;

    OverallFeedback(Supplier<List<TestMqttClient>> clients) {
        this.clients = clients;
    }

    /** Every feedback of the activity, oldest first. */
    List<DesiredStateFeedback> of(String activityId) {
        return clients.get().stream().flatMap(client -> client.on(TOPIC).stream())
                .map(json -> WireJson.readEnvelope(json, DesiredStateFeedback.class))
                .filter(e -> e.activityId().equals(activityId))
                .map(Envelope::payload)
                .toList();
    }

    List<Status> statuses(String activityId) {
        return of(activityId).stream().map(DesiredStateFeedback::status).toList();
    }

    /** The activity's last feedback, once one of them was a final status. */
    DesiredStateFeedback awaitFinal(String activityId) {
        await().atMost(Duration.ofMinutes(4)).until(() -> statuses(activityId).stream().anyMatch(FINAL::contains));
        List<DesiredStateFeedback> feedback = of(activityId);
        return feedback.get(feedback.size() - 1);
    }
}

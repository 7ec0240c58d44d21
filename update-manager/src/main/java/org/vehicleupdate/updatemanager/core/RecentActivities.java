package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The last finished activities with their final feedback, so that a desired state delivered again is answered. */
final class RecentActivities {
    private final int capacity;
    private final List<FinishedActivity> finished = new ArrayList<>();

    RecentActivities(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void remember(FinishedActivity activity) {
        finished.removeIf(f -> f.activityId().equals(activity.activityId()));
        finished.add(activity);
        while (finished.size() > capacity) {
            finished.remove(0);
        }
    }

    /** Its final feedback went out; it keeps its place. */
    void markAnnounced(String activityId) {
        finished.replaceAll(f -> f.activityId().equals(activityId)
                ? new FinishedActivity(f.activityId(), f.feedback(), true) : f);
    }

    Optional<FinishedActivity> find(String activityId) {
        return finished.stream().filter(f -> f.activityId().equals(activityId)).findFirst();
    }

    List<FinishedActivity> all() {
        return List.copyOf(finished);
    }
}

package org.vehicleupdate.updatemanager.core;

import java.util.Optional;
import org.vehicleupdate.messages.DesiredState;

/**
 * No answer may be refused that a desired state made necessary: each component of a desired state comes back as
 * an action in the agent's feedback and in the overall feedback, and as a node in the inventory, each of which
 * must fit the message size limit that every service (and the broker) applies. A desired state with more
 * components than that leaves room for is refused up front, naming the limit, instead of failing later on an
 * answer that is too large.
 */
public final class AnswerBudget {
    /** Room for one component's action: ids, version, status, progress and a message of a few hundred characters. */
    public static final int BYTES_PER_COMPONENT = 512;

    private AnswerBudget() {
    }

    /** Empty when every answer fits; otherwise why the desired state cannot be taken. */
    public static Optional<String> exceededBy(DesiredState desiredState, int maxMessageBytes) {
        long components = desiredState.domains().stream().mapToLong(d -> d.components().size()).sum();
        long fit = Math.max(1, maxMessageBytes / BYTES_PER_COMPONENT);
        if (components <= fit) {
            return Optional.empty();
        }
        return Optional.of("payload.domains: " + components + " components in all, more than the " + fit
                + " whose feedback fits in one message within the limit of " + maxMessageBytes + " bytes ("
                + BYTES_PER_COMPONENT + " bytes for each component's action)");
    }
}

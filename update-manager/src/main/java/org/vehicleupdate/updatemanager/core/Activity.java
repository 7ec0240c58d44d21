package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vehicleupdate.messages.Command;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Status;

/**
 * One update activity in progress: everything needed to resume it after a restart. Written to the journal
 * before each change of state is reported.
 */
public final class Activity {
    String activityId;
    DesiredState desiredState;
    long startedAt;
    OrchestrationPhase phase = OrchestrationPhase.IDENTIFICATION;
    List<DomainProgress> domains = new ArrayList<>();
    /** Domains named in the desired state that have no configured agent. */
    List<String> skipped = new ArrayList<>();
    /** The phase command the owner is asked to consent to; null while no consent is awaited. */
    Command awaitingConsent;
    /** The first failure: it decides the final message. */
    String failureSummary = "";
    /** A reason that ends the update as INCOMPLETE without a domain failure (consent, reboot command). */
    boolean incomplete;
    boolean rebootIssued;
    String bootId = "";
    /** When the verification after the reboot began, epoch millis. */
    long verificationSince;
    Status lastStatus = Status.IDENTIFYING;
    String lastMessage = "";

    Activity(String activityId, DesiredState desiredState, long startedAt) {
        this.activityId = activityId;
        this.desiredState = desiredState;
        this.startedAt = startedAt;
    }

    public String activityId() {
        return activityId;
    }

    public OrchestrationPhase phase() {
        return phase;
    }

    Optional<DomainProgress> domain(String name) {
        return domains.stream().filter(d -> d.domain.equals(name)).findFirst();
    }

    List<DomainProgress> active() {
        return domains.stream().filter(d -> d.active).toList();
    }

    List<String> pendingNames() {
        return domains.stream().filter(d -> d.pending).map(d -> d.domain).toList();
    }

    boolean anyFailed() {
        return domains.stream().anyMatch(d -> d.failed);
    }
}

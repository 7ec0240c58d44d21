package org.vehicleupdate.updatemanager.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.vehicleupdate.messages.Command;

/**
 * How far an activity got: everything that changes while it runs, journaled with each move to a new phase.
 *
 * @param awaitingConsent  the phase command the owner is asked to consent to
 * @param failures         what went wrong, in the order it happened, as the final message will say it: one entry per
 *                         failed domain, per phase timeout (naming the silent domains) and per reason that is no
 *                         domain's (consent refused, a reboot that failed)
 * @param rebootIssued     the reboot command was run (or is about to be) for the reboot this phase waits for
 * @param activationBootId the boot the activation happened in, empty before ACTIVATE: another boot id means the
 *                         vehicle restarted since
 * @param newVersionBootId a boot that ran the new version (it verified the activation, or the check after a
 *                         rollback found it), empty before: a rollback after it needs a reboot back
 */
public record ActivityProgress(OrchestrationPhase phase, List<DomainProgress> domains,
        Optional<Command> awaitingConsent, List<String> failures, boolean rebootIssued, String activationBootId,
        String newVersionBootId) {
    public ActivityProgress {
        Objects.requireNonNull(phase, "phase");
        domains = List.copyOf(domains);
        Objects.requireNonNull(awaitingConsent, "awaitingConsent");
        failures = List.copyOf(failures);
        Objects.requireNonNull(activationBootId, "activationBootId");
        Objects.requireNonNull(newVersionBootId, "newVersionBootId");
    }

    /** An activity whose desired state was just sent to these domains. */
    public static ActivityProgress identifying(List<String> domains) {
        return new ActivityProgress(OrchestrationPhase.IDENTIFICATION,
                domains.stream().map(DomainProgress::identifying).toList(), Optional.empty(), List.of(), false, "",
                "");
    }

    public ActivityProgress inPhase(OrchestrationPhase next) {
        return new ActivityProgress(next, domains, awaitingConsent, failures, false, activationBootId,
                newVersionBootId);
    }

    public ActivityProgress withDomains(UnaryOperator<DomainProgress> change) {
        return new ActivityProgress(phase, domains.stream().map(change).toList(), awaitingConsent, failures,
                rebootIssued, activationBootId, newVersionBootId);
    }

    /** With this domain's progress in place of the one of the same name. */
    public ActivityProgress with(DomainProgress domain) {
        return withDomains(d -> d.domain().equals(domain.domain()) ? domain : d);
    }

    public ActivityProgress withConsentAwaited(Optional<Command> command) {
        return new ActivityProgress(phase, domains, command, failures, rebootIssued, activationBootId,
                newVersionBootId);
    }

    public ActivityProgress withFailure(String failure) {
        List<String> more = new ArrayList<>(failures);
        more.add(failure);
        return new ActivityProgress(phase, domains, awaitingConsent, more, rebootIssued, activationBootId,
                newVersionBootId);
    }

    public ActivityProgress withRebootIssued(boolean issued) {
        return new ActivityProgress(phase, domains, awaitingConsent, failures, issued, activationBootId,
                newVersionBootId);
    }

    public ActivityProgress withActivationBootId(String bootId) {
        return new ActivityProgress(phase, domains, awaitingConsent, failures, rebootIssued, bootId,
                newVersionBootId);
    }

    public ActivityProgress withNewVersionBootId(String bootId) {
        return new ActivityProgress(phase, domains, awaitingConsent, failures, rebootIssued, activationBootId,
                bootId);
    }

    public Optional<DomainProgress> domain(String name) {
        return domains.stream().filter(d -> d.domain().equals(name)).findFirst();
    }

    public List<String> pending() {
        return domains.stream().filter(d -> d.pendingIn(phase)).map(DomainProgress::domain).toList();
    }

    public List<String> names(java.util.function.Predicate<DomainProgress> which) {
        return domains.stream().filter(which).map(DomainProgress::domain).toList();
    }
}

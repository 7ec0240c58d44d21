package org.vehicleupdate.updatemanager.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.vehicleupdate.messages.Status;

/**
 * Where one domain of an activity stands on its way through the phases. The states ending in -ING wait for the
 * agent's answer; the transition table ({@link #after}) says which answer moves a state on, everything
 * else leaves it where it is. A domain's clean-up runs beside this line (Kanto's policy cleans a failed domain
 * up while the others go on), so it has its own {@link CleanupState}.
 */
public enum DomainState {
    /** The desired state was sent; waiting for IDENTIFIED. */
    IDENTIFYING(true),
    /** Identified without actions, or COMPLETED at once: nothing to do, no command is sent to it. */
    UNCHANGED(false),
    /** Identified with actions: it takes part in the phases. */
    IDENTIFIED(false),
    DOWNLOADING(true),
    DOWNLOADED(false),
    UPDATING(true),
    UPDATED(false),
    ACTIVATING(true),
    ACTIVATED(false),
    /** After the reboot: waiting for its activation result or a current state with the desired versions. */
    VERIFYING(true),
    VERIFIED(false),
    /** Failed (its {@link Failure} says where and why); it takes no further step forward. */
    FAILED(false),
    ROLLING_BACK(true),
    ROLLED_BACK(false),
    ROLLBACK_FAILED(false),
    /**
     * Rolled back after its activation, without a verified boot of the new version (a power cut may have booted
     * it): its current state says whether the previous version runs (back to ROLLED_BACK) or not.
     */
    CHECKING_PREVIOUS_VERSION(true),
    /** Rolled back, but it runs the new version: a reboot brings the previous one back. */
    REBOOT_BACK_NEEDED(false),
    /** After the reboot back: its current state must show the previous version. */
    CHECKING_AFTER_REBOOT_BACK(true),
    PREVIOUS_VERSION_BOOTED(false),
    /** The vehicle came back from the reboot into the previous version on another version, or never said. */
    PREVIOUS_VERSION_NOT_BOOTED(false);

    private static final Map<DomainState, Map<Status, DomainState>> TABLE = new EnumMap<>(DomainState.class);

    static {
        row(IDENTIFYING, Status.IDENTIFIED, IDENTIFIED);
        row(IDENTIFYING, Status.COMPLETED, UNCHANGED);
        row(IDENTIFYING, Status.IDENTIFICATION_FAILED, FAILED);
        row(IDENTIFYING, Status.INCOMPLETE, FAILED);
        row(DOWNLOADING, Status.DOWNLOAD_SUCCESS, DOWNLOADED);
        row(DOWNLOADING, Status.DOWNLOAD_FAILURE, FAILED);
        row(DOWNLOADING, Status.INCOMPLETE, FAILED);
        row(UPDATING, Status.UPDATE_SUCCESS, UPDATED);
        row(UPDATING, Status.UPDATE_FAILURE, FAILED);
        row(UPDATING, Status.INCOMPLETE, FAILED);
        row(ACTIVATING, Status.ACTIVATION_SUCCESS, ACTIVATED);
        row(ACTIVATING, Status.ACTIVATION_FAILURE, FAILED);
        row(ACTIVATING, Status.INCOMPLETE, FAILED);
        row(VERIFYING, Status.ACTIVATION_SUCCESS, VERIFIED);
        row(VERIFYING, Status.ACTIVATION_FAILURE, FAILED);
        row(VERIFYING, Status.INCOMPLETE, FAILED);
        row(ROLLING_BACK, Status.ROLLBACK_SUCCESS, ROLLED_BACK);
        row(ROLLING_BACK, Status.ROLLBACK_FAILURE, ROLLBACK_FAILED);
        row(ROLLING_BACK, Status.INCOMPLETE, ROLLBACK_FAILED);
        // CHECKING_PREVIOUS_VERSION, CHECKING_AFTER_REBOOT_BACK: no status proves which version booted (an agent
        // repeats its ROLLBACK result); only the domain's current state does, see VersionCheck
    }

    private final boolean waiting;

    DomainState(boolean waiting) {
        this.waiting = waiting;
    }

    private static void row(DomainState from, Status status, DomainState to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(Status.class)).put(status, to);
    }

    /** Waits for the agent: the phase cannot end before it moves on. */
    public boolean waiting() {
        return waiting;
    }

    /**
     * The state an agent's answer moves this one to, or empty when the answer does not fit it (a late answer
     * of an earlier phase, a progress status, a status of another phase). Expects the status normalised as
     * {@link AgentAnswer} does (Leda's COMPLETE as COMPLETED, INCOMPLETE_INCONSISTENT as INCOMPLETE).
     *
     * @param withActions the answer lists actions: an IDENTIFIED without any is a domain with nothing to do
     */
    public Optional<DomainState> after(Status status, boolean withActions) {
        Status read = this == IDENTIFYING && status == Status.IDENTIFIED && !withActions ? Status.COMPLETED : status;
        return Optional.ofNullable(TABLE.getOrDefault(this, Map.of()).get(read));
    }

    /** Where a waiting state ends when its phase times out without an answer. */
    public DomainState afterTimeout() {
        return switch (this) {
            case IDENTIFYING, DOWNLOADING, UPDATING, ACTIVATING, VERIFYING -> FAILED;
            case ROLLING_BACK -> ROLLBACK_FAILED;
            // without an answer, a reboot makes sure
            case CHECKING_PREVIOUS_VERSION -> REBOOT_BACK_NEEDED;
            case CHECKING_AFTER_REBOOT_BACK -> PREVIOUS_VERSION_NOT_BOOTED;
            default -> this;
        };
    }

    /** The state a phase's command (or, for VERIFICATION, its start) moves this one to; empty: not part of it. */
    public Optional<DomainState> onEntering(OrchestrationPhase phase) {
        DomainState next = switch (phase) {
            case DOWNLOAD -> this == IDENTIFIED ? DOWNLOADING : null;
            case UPDATE -> this == DOWNLOADED ? UPDATING : null;
            case ACTIVATE -> this == UPDATED ? ACTIVATING : null;
            case VERIFICATION -> this == ACTIVATED || this == VERIFYING ? VERIFYING : null;
            case ROLLBACK -> hasDownloaded() && this != FAILED ? ROLLING_BACK : null;
            case ROLLBACK_VERIFICATION -> switch (this) {
                case ROLLED_BACK, CHECKING_PREVIOUS_VERSION -> CHECKING_PREVIOUS_VERSION;
                case REBOOT_BACK_NEEDED, CHECKING_AFTER_REBOOT_BACK -> CHECKING_AFTER_REBOOT_BACK;
                default -> null;
            };
            default -> null;
        };
        return Optional.ofNullable(next);
    }

    /** Got past DOWNLOAD_SUCCESS: the agent may have staged something that a rollback has to undo. */
    boolean hasDownloaded() {
        return switch (this) {
            case DOWNLOADED, UPDATING, UPDATED, ACTIVATING, ACTIVATED, VERIFYING, VERIFIED -> true;
            default -> false;
        };
    }

    /** The failure status a domain that times out in this state is reported with. */
    Status timeoutStatus() {
        return switch (this) {
            case IDENTIFYING -> Status.IDENTIFICATION_FAILED;
            case DOWNLOADING -> Status.DOWNLOAD_FAILURE;
            case UPDATING -> Status.UPDATE_FAILURE;
            case ROLLING_BACK -> Status.ROLLBACK_FAILURE;
            default -> Status.ACTIVATION_FAILURE;
        };
    }
}

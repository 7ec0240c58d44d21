package org.vehicleupdate.updatemanager.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.ReadResult;

/**
 * {@code trust.mode=enforce}: a desired state passes only when a threshold of the trust root's
 * {@code desired-state} keys signed it for this vehicle, it has not expired and its sequence number is above the
 * last accepted one, which is saved before the message is passed on. A redelivery of the very message last
 * accepted (same activityId, same signature) passes, so that the orchestrator answers it from its record.
 *
 * <p>Also takes a new trust root (TUF's rotation rule: signed by a threshold of the installed root's keys and of
 * its own) and a reset of the sequence signed by the {@code root} role. A new root, by provisioning or rotation,
 * starts the sequence at 0: state of an earlier trust root never blocks a vehicle.
 */
public final class TrustGate implements DesiredStateGate {
    private static final System.Logger LOG = System.getLogger(TrustGate.class.getName());

    private final String vehicleId;
    private final Path rootFile;
    private final RootStore roots;
    private final TrustState state;
    private final Clock clock;

    private TrustRoot provisioned;
    private TrustRoot current;
    private String rootProblem = "";
    private SequenceRecord record;

    /**
     * The gate of {@code settings}; empty when trust is off.
     *
     * @param state where the last accepted sequence is kept (the manager's journal)
     * @param roots where a root installed by rotation is kept
     */
    public static Optional<TrustGate> of(TrustSettings settings, TrustState state, RootStore roots, Clock clock) {
        if (settings.mode() == TrustMode.OFF) {
            return Optional.empty();
        }
        return Optional.of(new TrustGate(settings.vehicleId(), settings.rootFile(), roots, state, clock));
    }

    /** Reads the provisioned root, a rotated one and the sequence record. */
    public TrustGate(String vehicleId, Path rootFile, RootStore roots, TrustState state, Clock clock) {
        this.vehicleId = vehicleId == null ? "" : vehicleId.trim();
        this.rootFile = rootFile;
        this.roots = roots;
        this.state = state;
        this.clock = clock;
        load();
    }

    private void load() {
        try {
            provisioned = TrustRoot.parse(Files.readAllBytes(rootFile));
            provisioned.requireSelfSigned();
        } catch (NoSuchFileException e) {
            rootProblem = "no trust root at " + rootFile + " (trust.mode=enforce); install one at provisioning"
                    + " (docs/trust.md)";
        } catch (IOException e) {
            rootProblem = "the trust root " + rootFile + " cannot be read: " + e.getMessage();
        } catch (TrustException e) {
            rootProblem = "the trust root " + rootFile + " is not usable: " + e.getMessage();
        }
        if (provisioned == null || !rootProblem.isEmpty()) {
            provisioned = null;
            LOG.log(System.Logger.Level.ERROR, "trust: " + rootProblem + "; every desired state is refused");
            return;
        }
        current = provisioned;
        roots.load().ifPresent(this::adoptRotated);
        SequenceRecord saved = state.load().orElse(null);
        if (saved != null && saved.rootDigest().equals(current.digest())) {
            record = saved;
        } else {
            if (saved != null) {
                LOG.log(System.Logger.Level.INFO, "trust: the last accepted sequence " + saved.lastSequence()
                        + " belongs to another trust root; with trust root version " + current.version()
                        + " the sequence starts at 0");
            }
            record = SequenceRecord.start(current.digest());
            saveQuietly(record);
        }
        LOG.log(System.Logger.Level.INFO, "trust: enforcing for vehicle '" + vehicleId + "' with trust root "
                + current.describe() + (current == provisioned ? " from " + rootFile : " installed by rotation")
                + "; last accepted sequence " + record.lastSequence() + describeOrigin(record));
    }

    private void adoptRotated(RotatedRoot rotated) {
        if (!rotated.provisionedDigest().equals(provisioned.digest())) {
            LOG.log(System.Logger.Level.INFO, "trust: the root installed by rotation descends from an earlier"
                    + " provisioning; the provisioned root " + rootFile + " applies");
            return;
        }
        try {
            TrustRoot root = TrustRoot.parse(rotated.root().getBytes(StandardCharsets.UTF_8));
            root.requireSelfSigned();
            current = root;
        } catch (TrustException e) {
            LOG.log(System.Logger.Level.ERROR, "trust: the root installed by rotation is not usable (" + e.getMessage()
                    + "); the provisioned root " + rootFile + " applies");
        }
    }

    private void saveQuietly(SequenceRecord next) {
        try {
            state.save(next);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.ERROR, "trust: the sequence record cannot be written: "
                    + e.getCause().getMessage());
        }
    }

    // ------------------------------------------------------------------ desired states

    @Override
    public ReadResult<DesiredState> admit(byte[] raw, ReadResult<DesiredState> read) {
        if (!(read instanceof ReadResult.Accepted<DesiredState> accepted)) {
            return read;
        }
        String activityId = accepted.envelope().activityId();
        if (activityId.isBlank()) {
            return read; // refused by the orchestrator, before anything counts as accepted
        }
        try {
            check(raw, activityId);
            return read;
        } catch (TrustException e) {
            return new ReadResult.Rejected<>(activityId, "signature: " + e.getMessage());
        }
    }

    private synchronized void check(byte[] raw, String activityId) throws TrustException {
        TrustRoot root = root();
        SignedMessage message = SignedMessage.read(raw);
        if (message.signatures().isEmpty()) {
            throw new TrustException("missing; this vehicle takes only desired states signed for it (trust.mode="
                    + "enforce, trust root version " + root.version() + ")");
        }
        Instant now = clock.instant();
        Claims claims = message.verify(root, Role.DESIRED_STATE, vehicleId);
        if (activityId.equals(record.lastActivityId()) && message.signatureDigest().equals(record.lastSignature())) {
            LOG.log(System.Logger.Level.INFO, "[" + activityId + "] signed desired state of sequence "
                    + claims.sequence() + " received again; passed on to be answered from the activity's record");
            return;
        }
        if (!claims.expires().isAfter(now)) {
            throw new TrustException("expired at " + claims.expires() + ", it is now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        if (claims.sequence() <= record.lastSequence()) {
            throw new TrustException("sequence " + claims.sequence() + " is not above " + record.lastSequence()
                    + ", the last accepted" + describeOrigin(record)
                    + "; a vehicle re-provisioned with a new trust root starts at 0");
        }
        SequenceRecord next = record.accepted(claims.sequence(), activityId, message.signatureDigest());
        try {
            state.save(next);
        } catch (UncheckedIOException e) {
            throw new TrustException("the accepted sequence cannot be saved (" + e.getCause().getMessage()
                    + "), and without it a replay could pass after a restart", e);
        }
        record = next;
        LOG.log(System.Logger.Level.INFO, "[" + activityId + "] signature verified: vehicle " + claims.vehicle()
                + ", sequence " + claims.sequence() + ", expires " + claims.expires() + ", trust root version "
                + root.version());
    }

    private TrustRoot root() throws TrustException {
        if (current == null) {
            throw new TrustException(rootProblem);
        }
        if (vehicleId.isEmpty()) {
            throw new TrustException("this vehicle has no id; set trust.vehicle-id or trust.vehicle-id-file"
                    + " (docs/trust.md)");
        }
        Instant now = clock.instant();
        if (!current.expires().isAfter(now)) {
            throw new TrustException("trust root version " + current.version() + " expired at " + current.expires()
                    + "; install a newer root by rotation (vehicleupdate/trust/root) or provisioning");
        }
        return current;
    }

    private static String describeOrigin(SequenceRecord record) {
        if (!record.lastActivityId().isEmpty()) {
            return " (from activity " + record.lastActivityId() + ")";
        }
        return record.lastSequence() == 0 ? " (none yet)" : " (set by a reset)";
    }

    // ------------------------------------------------------------------ a new trust root

    /**
     * A new trust root, as an envelope whose payload is the root or as the bare root document (answered then
     * under the activityId {@code trust-root-<version>}).
     */
    public TrustAnswer rotate(byte[] raw) {
        ObjectNode message;
        try {
            message = CanonicalJson.readObject(raw, "the message");
        } catch (TrustException e) {
            return TrustAnswer.refused("", "root: " + e.getMessage());
        }
        boolean envelope = message.has("payload");
        String activityId = envelope ? message.path("activityId").asText("") : "";
        JsonNode document = envelope ? message.get("payload") : message;
        if (!document.isObject()) {
            return TrustAnswer.refused(activityId, "root: payload: expected the trust root {\"signed\": ...,"
                    + " \"signatures\": [...]}");
        }
        TrustRoot next;
        try {
            next = TrustRoot.parse((ObjectNode) document);
        } catch (TrustException e) {
            return TrustAnswer.refused(activityId, "root: " + e.getMessage());
        }
        if (activityId.isEmpty()) {
            activityId = "trust-root-" + next.version();
        }
        TrustAnswer answer = rotate(activityId, next);
        LOG.log(answer.accepted() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "[" + activityId + "] " + (answer.accepted() ? "" : "new trust root refused: ") + answer.message());
        return answer;
    }

    private synchronized TrustAnswer rotate(String activityId, TrustRoot next) {
        if (current == null) {
            return TrustAnswer.refused(activityId, "root: " + rootProblem
                    + "; the first trust root comes with provisioning, a rotation needs one installed");
        }
        if (next.digest().equals(current.digest())) {
            return TrustAnswer.accepted(activityId, "trust root version " + next.version() + " is already installed");
        }
        if (next.version() <= current.version()) {
            return TrustAnswer.refused(activityId, "root: version " + next.version()
                    + " is not above the installed version " + current.version());
        }
        Tally byInstalled = current.tally(next.signatures(), next.signedCanonical(), Role.ROOT, Set.of());
        if (!byInstalled.met()) {
            return TrustAnswer.refused(activityId, "root: version " + next.version() + " is not signed by the root"
                    + " keys of the installed trust root: " + byInstalled.shortfall());
        }
        Tally byItself = next.tally(next.signatures(), next.signedCanonical(), Role.ROOT, Set.of());
        if (!byItself.met()) {
            return TrustAnswer.refused(activityId, "root: version " + next.version()
                    + " is not signed by its own root keys: " + byItself.shortfall());
        }
        Instant now = clock.instant();
        if (!next.expires().isAfter(now)) {
            return TrustAnswer.refused(activityId, "root: version " + next.version() + " expired at "
                    + next.expires());
        }
        SequenceRecord fresh = SequenceRecord.start(next.digest());
        try {
            roots.save(new RotatedRoot(provisioned.digest(),
                    new String(CanonicalJson.pretty(next.document()), StandardCharsets.UTF_8)));
            state.save(fresh);
        } catch (UncheckedIOException e) {
            return TrustAnswer.refused(activityId, "root: the new root cannot be saved: " + e.getCause().getMessage());
        }
        long before = record.lastSequence();
        int replaced = current.version();
        current = next;
        record = fresh;
        return TrustAnswer.accepted(activityId, "trust root " + next.describe() + " installed in place of version "
                + replaced + "; the last accepted sequence (" + before + ") starts at 0 again");
    }

    // ------------------------------------------------------------------ a reset of the sequence

    /**
     * A reset of the last accepted sequence: an envelope whose payload is {@code {"sequence": N}} (0 when
     * absent), signed by a threshold of the root role's keys for this vehicle, with a sequence number above the
     * last reset's.
     */
    public TrustAnswer reset(byte[] raw) {
        SignedMessage message;
        try {
            message = SignedMessage.read(raw);
        } catch (TrustException e) {
            return TrustAnswer.refused("", "reset: " + e.getMessage());
        }
        TrustAnswer answer = reset(message);
        LOG.log(answer.accepted() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "[" + answer.activityId() + "] " + (answer.accepted() ? "" : "reset refused: ") + answer.message());
        return answer;
    }

    private synchronized TrustAnswer reset(SignedMessage message) {
        String activityId = message.activityId();
        JsonNode target = message.message().path("payload").path("sequence");
        if (!target.isMissingNode() && (!target.canConvertToLong() || !target.isIntegralNumber()
                || target.asLong() < 0)) {
            return TrustAnswer.refused(activityId, "payload.sequence: expected a non-negative integer, got " + target);
        }
        long to = target.asLong(0);
        try {
            TrustRoot root = root();
            if (message.signatures().isEmpty()) {
                throw new TrustException("missing; a reset must be signed by the root role");
            }
            Claims claims = message.verify(root, Role.ROOT, vehicleId);
            Instant now = clock.instant();
            if (!claims.expires().isAfter(now)) {
                throw new TrustException("expired at " + claims.expires() + ", it is now " + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            }
            if (claims.sequence() <= record.lastResetSequence()) {
                throw new TrustException("reset sequence " + claims.sequence() + " is not above "
                        + record.lastResetSequence() + ", the last reset's");
            }
            SequenceRecord next = record.reset(to, claims.sequence());
            try {
                state.save(next);
            } catch (UncheckedIOException e) {
                throw new TrustException("the reset cannot be saved: " + e.getCause().getMessage(), e);
            }
            String was = "the last accepted sequence was " + record.lastSequence() + describeOrigin(record);
            record = next;
            return TrustAnswer.accepted(activityId, was + "; reset to " + to + " by a message signed by the root"
                    + " role");
        } catch (TrustException e) {
            return TrustAnswer.refused(activityId, "signature: " + e.getMessage());
        }
    }

    /** The root in force, if any: for the log and the tests. */
    public synchronized Optional<TrustRoot> currentRoot() {
        return Optional.ofNullable(current);
    }

    public synchronized long lastAcceptedSequence() {
        return record == null ? 0 : record.lastSequence();
    }
}

package org.vehicleupdate.updatemanager.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

/** Keys, roots and signed messages for the trust tests, made with the operator's {@link Signer}. */
public final class TrustFixture {
    private static final MessageReader READER = new MessageReader();

    private TrustFixture() {
    }

    /** What the update-manager does with a desired state at its door: the reader's checks, then the gate's. */
    public static ReadResult<DesiredState> admit(TrustGate gate, byte[] raw) {
        return gate.admit(raw, READER.read(raw, MessageKind.DESIRED_STATE));
    }

    /** The reason a desired state was refused for (the test fails when it was accepted). */
    public static String refusal(ReadResult<DesiredState> result) {
        assertThat(result).isInstanceOf(ReadResult.Rejected.class);
        return ((ReadResult.Rejected<DesiredState>) result).reason();
    }

    public static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A root signed by every key of its root role. */
    public static ObjectNode root(int version, Instant expires, List<ECKey> rootKeys, int rootThreshold,
            List<ECKey> desiredStateKeys, int desiredStateThreshold) {
        try {
            return Signer.signRoot(RootBuilder.unsigned(version, expires, rootKeys, rootThreshold, desiredStateKeys,
                    desiredStateThreshold), rootKeys);
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, ObjectNode json) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, CanonicalJson.pretty(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String desiredState(String activityId) {
        return """
                {"activityId":"%s","timestamp":1700000000000,"payload":{"domains":[
                  {"id":"containers","config":[],"components":[{"id":"app","version":"2.0",
                     "config":[{"key":"image","value":"docker.io/library/hello-world:latest"}]}]}]}}
                """.formatted(activityId);
    }

    public static ObjectNode json(String text) {
        try {
            return CanonicalJson.readObject(text.getBytes(StandardCharsets.UTF_8), "test message");
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sign(String message, List<ECKey> keys, String vehicle, Instant expires, long sequence) {
        try {
            return CanonicalJson.pretty(Signer.signMessage(json(message), keys, new Claims(vehicle, expires, sequence),
                    false));
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.vehicleupdate.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's way through: keys, a root, a signed desired state, a rotation and a reset, each checked. */
class TrustToolsTest {
    private static final String DESIRED_STATE = """
            {"activityId":"a1","timestamp":1,"payload":{"domains":[{"id":"containers","components":[
              {"id":"hello-world","version":"latest","config":[{"key":"image","value":"docker.io/library/hello-world:latest"}]}]}]}}
            """;

    @TempDir
    Path dir;

    private record Ran(int exitCode, String out, String err) {
    }

    private Ran run(String... args) {
        CliRun run = CliRun.plain();
        int code = run.execute(args);
        return new Ran(code, run.out(), run.err());
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void keysRootSignatureAndVerificationWorkTogetherWithJwkAndPemKeys() throws IOException {
        Ran keygen = run("keygen", path("root.pem"));
        assertEquals(0, keygen.exitCode(), keygen.err());
        assertTrue(keygen.out().startsWith("key "), keygen.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root.pem"))));
        assertEquals(0, run("keygen", path("signing.jwk")).exitCode());
        assertEquals(2, run("keygen", path("signing.jwk")).exitCode(), "an existing key is not replaced");

        assertEquals(0, run("root", "create", "--root-key", path("root.pub.pem"), "--desired-state-key",
                path("signing.pub.jwk"), "-o", path("root.json")).exitCode());
        Ran unsigned = run("verify", path("root.json"));
        assertEquals(1, unsigned.exitCode());
        assertTrue(unsigned.out().contains("not valid: trust root version 1 is not signed by its own root keys"),
                unsigned.out());
        assertEquals(0, run("root", "sign", "--key", path("root.pem"), path("root.json")).exitCode());

        Files.writeString(dir.resolve("desired.json"), DESIRED_STATE);
        Ran sign = run("sign", "--vehicle", "VIN-1", "--key", path("signing.jwk"), "--sequence", "42", "-o",
                path("signed.json"), path("desired.json"));
        assertEquals(0, sign.exitCode(), sign.err());

        Ran verify = run("verify", "--root", path("root.json"), "--vehicle", "VIN-1", path("signed.json"));
        assertEquals(0, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("valid: desired state of activity a1 signed by the desired-state role of"
                + " trust root version 1 for vehicle VIN-1, sequence 42"), verify.out());

        Ran otherVehicle = run("verify", "--root", path("root.json"), "--vehicle", "VIN-2", path("signed.json"));
        assertEquals(1, otherVehicle.exitCode());
        assertTrue(otherVehicle.out().endsWith("not valid: signature: signed for vehicle VIN-1, this is vehicle"
                + " VIN-2\n"), otherVehicle.out());

        String tampered = Files.readString(dir.resolve("signed.json")).replace("latest", "evil");
        Files.writeString(dir.resolve("tampered.json"), tampered);
        Ran changed = run("verify", "--root", path("root.json"), path("tampered.json"));
        assertEquals(1, changed.exitCode());
        assertTrue(changed.out().contains("does not verify: the message was changed after it was signed"),
                changed.out());
    }

    @Test
    void aRotatedRootIsTakenOnlyWithSignaturesOfTheOldAndTheNewRootKeys() throws IOException {
        run("keygen", path("root1.jwk"));
        run("keygen", path("root2.jwk"));
        run("keygen", path("signing.jwk"));
        run("root", "create", "--root-key", path("root1.pub.jwk"), "--desired-state-key", path("signing.pub.jwk"),
                "-o", path("root-v1.json"));
        run("root", "sign", "--key", path("root1.jwk"), path("root-v1.json"));

        Ran rotate = run("root", "rotate", "--from", path("root-v1.json"), "--root-key", path("root2.pub.jwk"),
                "-o", path("root-v2.json"));
        assertEquals(0, rotate.exitCode(), rotate.err());
        run("root", "sign", "--key", path("root2.jwk"), path("root-v2.json"));
        Ran onlyNew = run("verify", "--root", path("root-v1.json"), path("root-v2.json"));
        assertEquals(1, onlyNew.exitCode());
        assertTrue(onlyNew.out().contains("not signed by the root keys of version 1"), onlyNew.out());

        run("root", "sign", "--key", path("root1.jwk"), path("root-v2.json"));
        Ran both = run("verify", "--root", path("root-v1.json"), path("root-v2.json"));
        assertEquals(0, both.exitCode(), both.out());
        assertTrue(both.out().contains("a vehicle on version 1 takes it"), both.out());
        assertTrue(Files.readString(dir.resolve("root-v2.json")).contains("\"version\": 2"));
    }

    @Test
    void theResetMessageIsSignedByTheRootRole() {
        run("keygen", path("root.jwk"));
        run("keygen", path("signing.jwk"));
        run("root", "create", "--root-key", path("root.pub.jwk"), "--desired-state-key", path("signing.pub.jwk"),
                "-o", path("root.json"));
        run("root", "sign", "--key", path("root.jwk"), path("root.json"));

        Ran reset = run("reset-sequence", "--vehicle", "VIN-1", "--key", path("root.jwk"), "--activity", "r1",
                "-o", path("reset.json"));
        assertEquals(0, reset.exitCode(), reset.err());
        Ran verify = run("verify", "--root", path("root.json"), path("reset.json"));
        assertTrue(verify.out().contains("valid: reset of activity r1 signed by the root role"), verify.out());

        run("reset-sequence", "--vehicle", "VIN-1", "--key", path("signing.jwk"), "-o", path("bad-reset.json"));
        Ran bad = run("verify", "--root", path("root.json"), path("bad-reset.json"));
        assertEquals(1, bad.exitCode());
        assertTrue(bad.out().contains("is not a root key of trust root version 1"), bad.out());
    }

    @Test
    void anOpensslKeyInPemIsReadToo() throws IOException, InterruptedException {
        Path key = dir.resolve("openssl.pem");
        Process openssl = new ProcessBuilder("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
                key.toString()).redirectErrorStream(true).start();
        assertEquals(0, openssl.waitFor(), new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("desired.json"), DESIRED_STATE);

        Ran sign = run("sign", "--vehicle", "VIN-1", "--key", key.toString(), path("desired.json"));

        assertEquals(0, sign.exitCode(), sign.err());
        assertTrue(sign.out().contains("\"signature\""), sign.out());
    }
}

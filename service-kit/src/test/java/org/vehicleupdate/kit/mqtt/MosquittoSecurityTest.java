package org.vehicleupdate.kit.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/**
 * The broker configuration we ship (mutual TLS, certificate common name as user, the ACL) with a real Mosquitto
 * and certificates from deploy/mosquitto/make-dev-certs.sh: the services connect with their client certificates,
 * and an agent cannot publish another agent's feedback; on the loopback listener, user name and password.
 */
class MosquittoSecurityTest {
    private static final Path DEPLOY = Path.of("..", "deploy", "mosquitto").toAbsolutePath().normalize();

    @TempDir
    static Path dir;
    private static Process mosquitto;
    private static int port;
    private static int passwordPort;

    @BeforeAll
    static void startMosquittoWithTls() throws IOException, InterruptedException {
        Path certs = dir.resolve("certs");
        run(DEPLOY.resolve("make-dev-certs.sh").toString(), certs.toString());
        port = EmbeddedBroker.freePort();
        passwordPort = EmbeddedBroker.freePort();
        Path passwords = dir.resolve("passwd");
        run("mosquitto_passwd", "-c", "-b", passwords.toString(), "update-manager", "s3cret");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, """
                per_listener_settings true
                user root
                listener %d 127.0.0.1
                cafile %s/ca.pem
                certfile %s/broker.pem
                keyfile %s/broker.key
                require_certificate true
                use_identity_as_username true
                acl_file %s
                listener %d 127.0.0.1
                allow_anonymous false
                password_file %s
                acl_file %s
                """.formatted(port, certs, certs, certs, DEPLOY.resolve("acl"), passwordPort, passwords,
                DEPLOY.resolve("acl")));
        mosquitto = new ProcessBuilder("mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    }

    @AfterAll
    static void stopMosquitto() throws InterruptedException {
        mosquitto.destroy();
        mosquitto.waitFor(5, TimeUnit.SECONDS);
    }

    private static PahoMessageBus client(String name) {
        Path certs = dir.resolve("certs");
        return PahoMessageBus.create(new BrokerSettings("ssl://127.0.0.1:" + port, name + "-test", Optional.empty(),
                Optional.empty(), Optional.of(certs.resolve("ca.pem")), Optional.of(certs.resolve(name + ".pem")),
                Optional.of(certs.resolve(name + ".key")), true, Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
    }

    @Test
    void servicesConnectWithTheirCertificatesAndTheAclKeepsAgentsToTheirOwnTopics() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (PahoMessageBus manager = client("update-manager");
                PahoMessageBus selfUpdate = client("self-update-agent")) {
            manager.subscribe("+/desiredstatefeedback",
                    (topic, payload) -> seen.add(topic + " " + new String(payload, StandardCharsets.UTF_8)));
            manager.start();
            selfUpdate.start();
            assertTrue(manager.awaitConnected(Duration.ofSeconds(20)), "update-manager connected over mutual TLS");
            assertTrue(selfUpdate.awaitConnected(Duration.ofSeconds(20)), "self-update-agent connected");

            // the forbidden one first: once the allowed one has arrived, the other would have too
            selfUpdate.publish("containersupdate/desiredstatefeedback", "forged".getBytes(StandardCharsets.UTF_8), false);
            selfUpdate.publish("selfupdate/desiredstatefeedback", "own".getBytes(StandardCharsets.UTF_8), false);

            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
            assertEquals(List.of("selfupdate/desiredstatefeedback own"), seen);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        Path certs = dir.resolve("certs");
        try (PahoMessageBus anonymous = PahoMessageBus.create(new BrokerSettings("ssl://127.0.0.1:" + port,
                "anonymous-test", Optional.empty(), Optional.empty(), Optional.of(certs.resolve("ca.pem")),
                Optional.empty(), Optional.empty(), true, Duration.ofSeconds(20), Duration.ofSeconds(2),
                Duration.ofSeconds(2)))) {
            anonymous.start();
            assertFalse(anonymous.awaitConnected(Duration.ofSeconds(3)));
        }
    }

    @Test
    void aServiceConnectsWithUserNameAndPasswordAndAWrongPasswordIsRefused() throws Exception {
        try (PahoMessageBus right = passwordClient("s3cret"); PahoMessageBus wrong = passwordClient("guess")) {
            right.start();
            wrong.start();

            assertTrue(right.awaitConnected(Duration.ofSeconds(20)));
            assertFalse(wrong.awaitConnected(Duration.ofSeconds(3)));
        }
    }

    private static PahoMessageBus passwordClient(String password) {
        return PahoMessageBus.create(new BrokerSettings("tcp://127.0.0.1:" + passwordPort, "pw-" + password,
                Optional.of("update-manager"), Optional.of(password), Optional.empty(), Optional.empty(),
                Optional.empty(), true, Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }
}

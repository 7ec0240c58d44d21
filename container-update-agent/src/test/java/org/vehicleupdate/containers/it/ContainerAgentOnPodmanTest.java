package org.vehicleupdate.containers.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vehicleupdate.containers.it.AgentDriver.component;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.containers.app.AgentConfig;
import org.vehicleupdate.containers.app.AgentRuntime;
import org.vehicleupdate.kit.testing.EmbeddedBroker;

/** The agent against real Podman, a real registry and a real broker, driven over MQTT like the update-manager. */
class ContainerAgentOnPodmanTest {
    /**
     * Host ports differ from run to run: netavark's port rules are host-global, and a rule left behind by another
     * Podman instance on this machine would catch a fixed port.
     */
    private static final int PORT_BASE = 30000 + new java.util.Random().nextInt(300) * 100;
    private static PodmanSim podman;
    private static EmbeddedBroker broker;
    @TempDir
    Path dataDir;
    private AgentRuntime agent;
    private AgentDriver um;

    @BeforeAll
    static void startPodmanAndBroker() {
        podman = PodmanSim.start();
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopAll() {
        broker.close();
        podman.stop();
    }

    @BeforeEach
    void startAgent() throws InterruptedException {
        podman.purgeContainers();
        Map<String, String> config = new HashMap<>();
        config.put("mqtt.url", broker.url());
        config.put("mqtt.client-id", "cua-it-" + System.nanoTime());
        config.put("mqtt.clean-session", "true");
        config.put("containers.docker-host", podman.dockerHost);
        config.put("containers.journal", dataDir.resolve("container-update-agent.journal").toString());
        config.put("containers.stop-timeout", "5s");
        config.put("containers.startup-check", "1s");
        config.put("containers.health-timeout", "20s");
        um = new AgentDriver(broker.url());
        agent = AgentRuntime.start(AgentConfig.read(k -> Optional.ofNullable(config.get(k)), k -> null));
        assertTrue(agent.awaitConnected(Duration.ofSeconds(20)));
        um.awaitAgentListening();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
        um.close();
    }

    private static int port(int offset) {
        return PORT_BASE + offset;
    }

    private String app(String name, String tag, int port, String... more) {
        String[] kv = new String[4 + more.length];
        kv[0] = "image";
        kv[1] = podman.image("demo/app:" + tag);
        kv[2] = "port";
        kv[3] = "127.0.0.1:" + port + ":8080";
        System.arraycopy(more, 0, kv, 4, more.length);
        return component(name, tag, kv);
    }

    private static String http(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/version.txt")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().strip();
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void awaitServes(int port, String version) {
        await().atMost(Duration.ofSeconds(15)).until(() -> http(port), version::equals);
    }

    /** id, image, state, start time of every test container, by name. */
    private Map<String, String> containers() {
        Map<String, String> result = new HashMap<>();
        for (String name : podman.podman("ps", "-a", "--format", "{{.Names}}").lines().toList()) {
            if (name.startsWith("cuait-")) {
                result.put(name, podman.podman("inspect", "--format",
                        "{{.ID}}|{{.ImageName}}|{{.State.Status}}|{{.State.StartedAt}}", name).strip());
            }
        }
        return result;
    }

    /**
     * The registry's digest of a tag's manifest (its Docker-Content-Digest), found the way an operator finds the
     * digest to pin: independently of the runtime and of the agent.
     */
    private static String manifestDigest(String repository, String tag) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                        + podman.registry + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, "
                        + "application/vnd.docker.distribution.manifest.v2+json, "
                        + "application/vnd.oci.image.index.v1+json, "
                        + "application/vnd.docker.distribution.manifest.list.v2+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode(), "HEAD of " + repository + ":" + tag);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static String status(JsonObject feedback) {
        return feedback.get("status").getAsString();
    }

    private static List<String> actionMessages(JsonObject feedback) {
        return StreamSupport.stream(feedback.getAsJsonArray("actions").spliterator(), false)
                .map(JsonElement::getAsJsonObject)
                .map(a -> a.getAsJsonObject("component").get("id").getAsString() + ": " + a.get("message").getAsString())
                .toList();
    }

    @Test
    void theSeedsHelloWorldWithFooBarIsCreatedFromNothing() {
        JsonObject done = um.apply("seed-1", null, component("cuait-hello", "latest",
                "image", "docker.io/library/hello-world:latest", "env", "FOO=BAR"));

        assertEquals("COMPLETED", status(done));
        assertEquals(List.of("IDENTIFYING", "IDENTIFIED", "DOWNLOADING", "DOWNLOAD_SUCCESS", "UPDATE_SUCCESS",
                "ACTIVATING", "ACTIVATION_SUCCESS", "CLEANUP", "CLEANUP_SUCCESS", "COMPLETED"),
                um.statuses("seed-1").stream().distinct().toList());
        assertEquals("docker.io/library/hello-world:latest", podman.podman("inspect", "--format",
                "{{.ImageName}}", "cuait-hello").strip());
        assertTrue(podman.podman("inspect", "--format", "{{.Config.Env}}", "cuait-hello").contains("FOO=BAR"));
        JsonObject inventory = um.currentState("seed-1");
        assertTrue(inventory.toString().contains("\"id\":\"containers:cuait-hello\",\"version\":\"latest\""),
                inventory.toString());
        assertTrue(inventory.toString().contains("{\"key\":\"env\",\"value\":\"FOO=BAR\"}"), inventory.toString());
    }

    @Test
    void v1ToV2ReplacesOneContainerDestroysOneAndLeavesOthersAlone() {
        assertEquals("COMPLETED", status(um.apply("v1", null,
                app("cuait-app", "v1", port(81)), app("cuait-other", "v1", port(82)),
                app("cuait-gone", "v1", port(83)), app("cuait-system", "v1", port(84)))));
        podman.podman("run", "-d", "--name", "cuait-foreign", podman.image("demo/app:v1"));
        awaitServes(port(81), "v1");
        Map<String, String> before = containers();

        JsonObject identified;
        um.desiredState("v2", "cuait-system", app("cuait-app", "v2", port(81)), app("cuait-other", "v1", port(82)));
        identified = um.awaitStatus("v2", "IDENTIFIED");
        assertEquals(List.of(
                "containers:cuait-app: Existing container will be destroyed and replaced by a new one.",
                "containers:cuait-other: No changes detected, existing container will be check only if it is running.",
                "containers:cuait-gone: Existing container will be destroyed, no longer needed."),
                actionMessages(identified));
        for (String[] step : new String[][] {{"DOWNLOAD", "DOWNLOAD_SUCCESS"}, {"UPDATE", "UPDATE_SUCCESS"},
                {"ACTIVATE", "ACTIVATION_SUCCESS"}, {"CLEANUP", "COMPLETED"}}) {
            um.command("v2", step[0]);
            assertEquals(step[1], status(um.awaitStatus("v2", step[1], step[1].replace("SUCCESS", "FAILURE"),
                    "INCOMPLETE")));
        }

        Map<String, String> after = containers();
        assertEquals(List.of("cuait-app", "cuait-foreign", "cuait-other", "cuait-system"),
                after.keySet().stream().sorted().toList());
        assertTrue(after.get("cuait-app").contains("demo/app:v2|running"), after.get("cuait-app"));
        assertEquals(before.get("cuait-other"), after.get("cuait-other"));
        assertEquals(before.get("cuait-system"), after.get("cuait-system"));
        assertEquals(before.get("cuait-foreign"), after.get("cuait-foreign"));
        awaitServes(port(81), "v2");
        assertEquals("v1", http(port(82)));
        JsonObject inventory = um.currentState("v2");
        assertTrue(inventory.toString().contains("containers:cuait-foreign"), "foreign containers are reported");

        // the same desired state again changes nothing
        um.desiredState("v2-again", "cuait-system", app("cuait-app", "v2", port(81)), app("cuait-other", "v1", port(82)));
        assertEquals("COMPLETED", status(um.awaitStatus("v2-again", "COMPLETED", "IDENTIFICATION_FAILED")));
        assertEquals(after, containers());
    }

    @Test
    void envAndPortChangesRecreateAndARestartPolicyChangeIsAnUpdate() {
        assertEquals("COMPLETED", status(um.apply("e1", null, app("cuait-app", "v1", port(85)))));

        um.desiredState("e2", null, app("cuait-app", "v1", port(85), "env", "EXTRA=1"));
        assertEquals(List.of("containers:cuait-app: Existing container will be destroyed and replaced by a new one."),
                actionMessages(um.awaitStatus("e2", "IDENTIFIED")));
        assertEquals("COMPLETED", status(um.apply("e2", null, app("cuait-app", "v1", port(85), "env", "EXTRA=1"))));
        assertTrue(podman.podman("inspect", "--format", "{{.Config.Env}}", "cuait-app").contains("EXTRA=1"));

        um.desiredState("e3", null, app("cuait-app", "v1", port(86), "env", "EXTRA=1"));
        assertEquals(List.of("containers:cuait-app: Existing container will be destroyed and replaced by a new one."),
                actionMessages(um.awaitStatus("e3", "IDENTIFIED")));
        assertEquals("COMPLETED", status(um.apply("e3", null, app("cuait-app", "v1", port(86), "env", "EXTRA=1"))));
        awaitServes(port(86), "v1");

        String restart = app("cuait-app", "v1", port(86), "env", "EXTRA=1", "restartPolicy", "on-failure",
                "restartMaxRetries", "2", "memory", "64M");
        um.desiredState("e4", null, restart);
        assertEquals(List.of("containers:cuait-app: Existing container will be updated with new configuration."),
                actionMessages(um.awaitStatus("e4", "IDENTIFIED")));
        assertEquals("COMPLETED", status(um.apply("e4", null, restart)));
        assertEquals("on-failure 2 67108864", podman.podman("inspect", "--format",
                "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}} "
                        + "{{.HostConfig.Memory}}", "cuait-app").strip());
        awaitServes(port(86), "v1");
        assertEquals(List.of("cuait-app"), containers().keySet().stream().toList());
    }

    @Test
    void anImageThatDoesNotExistFailsDownloadAndChangesNothing() {
        assertEquals("COMPLETED", status(um.apply("m1", null, app("cuait-app", "v1", port(87)))));
        Map<String, String> before = containers();

        JsonObject failed = um.apply("m2", null, app("cuait-app", "nope", port(87)), app("cuait-new", "v1", port(88)));

        assertEquals("DOWNLOAD_FAILURE", status(failed));
        assertTrue(failed.get("message").getAsString().contains("manifest unknown"), failed.toString());
        assertEquals(before, containers());
        um.command("m2", "CLEANUP");
        assertEquals("INCOMPLETE", status(um.awaitStatus("m2", "INCOMPLETE", "COMPLETED")));
        assertEquals(before, containers());
        assertEquals("v1", http(port(87)));
    }

    @Test
    void aV2ThatExitsAtOnceFailsActivationAndRollbackRestoresV1() {
        assertEquals("COMPLETED", status(um.apply("c1", null, app("cuait-app", "v1", port(89)))));
        String v1 = containers().get("cuait-app").split("\\|")[0];

        JsonObject failed = um.apply("c2", null, app("cuait-app", "v2-crash", port(89)));
        assertEquals("ACTIVATION_FAILURE", status(failed));
        // Podman may already have restarted it (restart policy unless-stopped): then the message says so too
        assertTrue(failed.get("message").getAsString().startsWith(
                "Container cuait-app exited with code 3 right after it was started"), failed.toString());

        um.command("c2", "ROLLBACK");
        assertEquals("ROLLBACK_SUCCESS", status(um.awaitStatus("c2", "ROLLBACK_SUCCESS", "ROLLBACK_FAILURE")));
        um.command("c2", "CLEANUP");
        assertEquals("INCOMPLETE", status(um.awaitStatus("c2", "INCOMPLETE", "COMPLETED")));
        assertEquals(List.of("cuait-app"), containers().keySet().stream().toList());
        assertTrue(containers().get("cuait-app").startsWith(v1 + "|") && containers().get("cuait-app")
                .contains("demo/app:v1|running"), containers().toString());
        awaitServes(port(89), "v1");
    }

    @Test
    void aV2ThatTurnsUnhealthyFailsActivationAndRollbackRestoresV1() {
        assertEquals("COMPLETED", status(um.apply("u1", null, app("cuait-app", "v1", port(90)))));

        JsonObject failed = um.apply("u2", null, app("cuait-app", "v2-unhealthy", port(90)));
        assertEquals("ACTIVATION_FAILURE", status(failed));
        assertEquals("Container cuait-app turned unhealthy.", failed.get("message").getAsString());

        um.command("u2", "ROLLBACK");
        assertEquals("ROLLBACK_SUCCESS", status(um.awaitStatus("u2", "ROLLBACK_SUCCESS", "ROLLBACK_FAILURE")));
        assertTrue(containers().get("cuait-app").contains("demo/app:v1|running"), containers().toString());
        awaitServes(port(90), "v1");
    }

    @Test
    void aHealthyV2IsActivatedOnceItsHealthCheckPasses() {
        assertEquals("COMPLETED", status(um.apply("h1", null, app("cuait-app", "v2-healthy", port(91)))));
        assertEquals("healthy", podman.podman("inspect", "--format", "{{.State.Health.Status}}", "cuait-app").strip());
    }

    @Test
    void aDesiredNameHeldByAForeignContainerIsRefusedAndTheContainerLeftAlone() {
        podman.podman("run", "-d", "--name", "cuait-app", podman.image("demo/app:v1"));
        Map<String, String> before = containers();

        um.desiredState("f1", null, app("cuait-app", "v2", port(92)));
        JsonObject refused = um.awaitStatus("f1", "IDENTIFICATION_FAILED", "IDENTIFIED");

        assertEquals("IDENTIFICATION_FAILED", status(refused));
        assertTrue(refused.get("message").getAsString().startsWith("Container 'cuait-app' exists but was not created"));
        assertEquals(before, containers());
    }

    @Test
    void aPulledImageWhoseDigestDiffersFromThePinIsRefusedAndNothingChanges() throws Exception {
        assertEquals("COMPLETED", status(um.apply("d1", null, app("cuait-app", "v1", port(93)))));
        Map<String, String> before = containers();
        String v1 = manifestDigest("demo/app", "v1");
        String v2 = manifestDigest("demo/app", "v2");

        // the desired state says v2, but pins the digest of another build (v1's)
        JsonObject failed = um.apply("d2", null, app("cuait-app", "v2", port(93), "imageDigest", v1));

        assertEquals("DOWNLOAD_FAILURE", status(failed));
        assertEquals("Image " + podman.image("demo/app:v2") + " has digest " + v2 + ", the desired state pins " + v1
                + ". Nothing was changed on the host.", failed.get("message").getAsString());
        assertEquals(before, containers());
        um.command("d2", "CLEANUP");
        assertEquals("INCOMPLETE", status(um.awaitStatus("d2", "INCOMPLETE", "COMPLETED")));
        assertEquals(before, containers());
        assertEquals("v1", http(port(93)));
    }

    @Test
    void anImagePinnedByTheRightDigestRunsWhetherNamedByDigestOrPinnedByTheKey() throws Exception {
        podman.removeLocalImages();
        String v1 = manifestDigest("demo/app", "v1");
        String v2 = manifestDigest("demo/app", "v2");
        String byDigest = podman.image("demo/app") + "@" + v2;

        JsonObject done = um.apply("d3", null, component("cuait-app", "v2", "image", byDigest,
                "port", "127.0.0.1:" + port(94) + ":8080"), app("cuait-pinned", "v1", port(95), "imageDigest", v1));

        assertEquals("COMPLETED", status(done));
        awaitServes(port(94), "v2");
        awaitServes(port(95), "v1");
        assertTrue(containers().get("cuait-app").contains(byDigest + "|running"), containers().toString());
        JsonObject inventory = um.currentState("d3");
        assertTrue(inventory.toString().contains("\"id\":\"containers:cuait-app\",\"version\":\"" + v2 + "\""),
                inventory.toString());
        assertTrue(inventory.toString().contains("{\"key\":\"imageDigest\",\"value\":\"" + v1 + "\"}"),
                inventory.toString());
    }
}

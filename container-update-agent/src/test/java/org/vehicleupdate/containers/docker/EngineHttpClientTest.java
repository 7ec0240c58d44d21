package org.vehicleupdate.containers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vehicleupdate.containers.core.ContainerRuntimeException;
import org.vehicleupdate.containers.core.RuntimeContainer;

/**
 * The agent's Docker API transport against a real HTTP server on loopback ({@code tcp://}); the unix socket to
 * Podman is exercised by every test in {@code it} (ContainerAgentOnPodmanTest, AgentKillTest).
 */
class EngineHttpClientTest {
    private static final String CONTAINER = """
            {"Id":"c1","Name":"/demo-app","Created":"2026-01-01T00:00:00Z","RestartCount":2,
             "State":{"Status":"running","ExitCode":0,"FinishedAt":"0001-01-01T00:00:00Z"},
             "Config":{"Image":"registry.local/demo/app:v1","Labels":{"vehicle-update.managed":"true"}}}""";

    private HttpServer engine;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startEngine() throws IOException {
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String body;
            int status;
            if (path.endsWith("/containers/json")) {
                status = 200;
                body = "[{\"Id\":\"c1\",\"Names\":[\"/demo-app\"]},{\"Id\":\"gone\",\"Names\":[\"/gone\"]}]";
            } else if (path.endsWith("/containers/c1/json")) {
                status = 200;
                body = CONTAINER;
            } else {
                status = 404;
                body = "{\"message\":\"no such container\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        engine.start();
    }

    @AfterEach
    void stopEngine() {
        engine.stop(0);
    }

    @Test
    void listsTheContainersTheEngineReportsAndSkipsOneRemovedMeanwhile() throws Exception {
        try (DockerContainerRuntime runtime = DockerContainerRuntime.connect(
                "tcp://127.0.0.1:" + engine.getAddress().getPort(), "1.41", RegistryCredentials.none())) {
            List<RuntimeContainer> containers = runtime.list();

            assertThat(containers).containsExactly(new RuntimeContainer("c1", "demo-app",
                    "registry.local/demo/app:v1", "running", 0, "", "2026-01-01T00:00:00Z", "0001-01-01T00:00:00Z", 2,
                    Map.of("vehicle-update.managed", "true")));
            assertThat(requests).containsExactly("GET /v1.41/containers/json", "GET /v1.41/containers/c1/json",
                    "GET /v1.41/containers/gone/json");
        }
    }

    @Test
    void aMissingEngineSocketIsACleanRuntimeError(@TempDir Path dir) {
        try (DockerContainerRuntime runtime = DockerContainerRuntime.connect(
                "unix://" + dir.resolve("podman.sock"), "1.41", RegistryCredentials.none())) {
            assertThatThrownBy(runtime::list).isInstanceOf(ContainerRuntimeException.class)
                    .hasMessageStartingWith("list containers: ");
        }
    }
}

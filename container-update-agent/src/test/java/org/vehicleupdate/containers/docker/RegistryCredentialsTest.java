package org.vehicleupdate.containers.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void credentialsAreFoundByTheImagesRegistryHost() throws Exception {
        Path file = dir.resolve("config.json");
        // "dXNlcjpzM2NyZXQ=" is base64 of user:s3cret
        Files.writeString(file, "{\"auths\":{\"registry.example:5000\":{\"auth\":\"dXNlcjpzM2NyZXQ=\"},"
                + "\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"pw\"}}}");
        RegistryCredentials credentials = RegistryCredentials.load(file);

        assertEquals("user", credentials.forImage("registry.example:5000/demo/app:v1").orElseThrow().getUsername());
        assertEquals("s3cret", credentials.forImage("registry.example:5000/demo/app:v1").orElseThrow().getPassword());
        assertEquals(Optional.empty(), credentials.forImage("other.example/app:1"));
        assertEquals("docker.io", RegistryCredentials.registryHost("library/hello-world"));
        assertEquals("localhost", RegistryCredentials.registryHost("localhost/app"));
    }

    @Test
    void aBrokenFileIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "[1,2]");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryCredentials.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void imageReferencesSplitIntoRepositoryAndTag() {
        assertEquals("127.0.0.1:5000/demo/app", DockerImages.repository("127.0.0.1:5000/demo/app:v1"));
        assertEquals(Optional.of("v1"), DockerImages.tag("127.0.0.1:5000/demo/app:v1"));
        assertEquals(Optional.of("latest"), DockerImages.tag("127.0.0.1:5000/demo/app"));
        assertEquals("127.0.0.1:5000/demo/app", DockerImages.repository("127.0.0.1:5000/demo/app"));
        assertEquals("app@sha256:abc", DockerImages.repository("app@sha256:abc"));
        assertEquals(Optional.empty(), DockerImages.tag("app@sha256:abc"));
    }
}

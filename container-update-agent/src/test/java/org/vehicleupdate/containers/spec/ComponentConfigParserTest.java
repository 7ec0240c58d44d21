package org.vehicleupdate.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vehicleupdate.containers.spec.Specs.component;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComponentConfigParserTest {
    private final ComponentConfigParser parser = new ComponentConfigParser();

    @Test
    void minimalComponentGetsKantosDefaultsAndTheImageFromNameAndVersion() throws Exception {
        ContainerSpec spec = parser.parse(component("influxdb", "1.8.4"));

        assertEquals("influxdb:1.8.4", spec.image());
        assertEquals(RestartPolicy.DEFAULT, spec.restartPolicy());
        assertEquals("bridge", spec.network());
        assertEquals(new LogSettings("json-file", 2, "100M", "", "blocking", ""), spec.log());
        assertEquals(MemoryLimits.NONE, spec.memory());
        assertEquals(List.of(), spec.ports());
    }

    @Test
    void everyKeyIsReadWithItsSyntax() throws Exception {
        ContainerSpec spec = parser.parse(component("app", "1",
                "image", "127.0.0.1:5000/demo/app:v1", "env", "A=1", "env", "B=", "env", "C",
                "cmd", "httpd", "cmd", "-f", "port", "127.0.0.1:18080-18081:8080/udp", "port", "80:8080",
                "mount", "/data:/var/lib/data", "mount", "/x:/y:rshared", "host", "db:10.0.0.2",
                "host", "me:host_ip", "network", "bridge", "terminal", "T", "interactive", "1",
                "restartPolicy", "on-failure", "restartMaxRetries", "3", "restartTimeout", "30",
                "logDriver", "json-file", "logMaxFiles", "5", "logMaxSize", "10M", "logPath", "/var/log/app",
                "logMode", "non-blocking", "logMaxBufferSize", "2M",
                "memory", "200M", "memoryReservation", "100M", "memorySwap", "-1"));

        assertEquals(List.of("A=1", "B=", "C"), spec.env());
        assertEquals(List.of("httpd", "-f"), spec.cmd());
        assertEquals(List.of(new PortMapping("127.0.0.1", 18080, 18081, 8080, "udp"),
                new PortMapping("0.0.0.0", 80, 80, 8080, "tcp")), spec.ports());
        assertEquals(List.of(new MountPoint("/data", "/var/lib/data", "rprivate"),
                new MountPoint("/x", "/y", "rshared")), spec.mounts());
        assertEquals(List.of(new ExtraHost("db", "10.0.0.2"), new ExtraHost("me", "host_ip")), spec.hosts());
        assertTrue(spec.terminal() && spec.interactive());
        assertEquals(new RestartPolicy("on-failure", 3, 30), spec.restartPolicy());
        assertEquals(new LogSettings("json-file", 5, "10M", "/var/log/app", "non-blocking", "2M"), spec.log());
        assertEquals(new MemoryLimits("200M", "100M", "-1"), spec.memory());
        assertEquals(200L * 1024 * 1024, spec.memory().memoryBytes());
    }

    @Test
    void devicesDefaultToRwmAndPrivilegedTakesGoBooleans() throws Exception {
        ContainerSpec spec = parser.parse(component("can", "1", "image", "x:1", "device", "/dev/can0:/dev/can0",
                "device", "/dev/ttyS0:/dev/ttyS0:r", "privileged", "false"));
        assertEquals(List.of(new DeviceMapping("/dev/can0", "/dev/can0", "rwm"),
                new DeviceMapping("/dev/ttyS0", "/dev/ttyS0", "r")), spec.devices());
    }

    @Test
    void retriesAndTimeoutCountOnlyForOnFailureAsInKanto() throws Exception {
        ContainerSpec spec = parser.parse(component("app", "1", "image", "x:1", "restartPolicy", "always",
                "restartMaxRetries", "3"));
        assertEquals(new RestartPolicy("always", 0, 0), spec.restartPolicy());
    }

    @Test
    void theLastValueOfASingleKeyWins() throws Exception {
        ContainerSpec spec = parser.parse(component("app", "1", "image", "x:1", "image", "x:2"));
        assertEquals("x:2", spec.image());
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
        "port|99999:80|port '99999:80': port 99999 is not in 1-65535",
        "port|8080|port '8080': expected [hostIP:]hostPort[-hostPortEnd]:containerPort[/protocol]",
        "port|1.2.3:80:80|port '1.2.3:80:80': '1.2.3' is not an IP address",
        "port|90-80:80|port '90-80:80': the host port range ends before it starts",
        "port|80:80/icmp|port '80:80/icmp': protocol must be tcp, udp or sctp",
        "device|/dev/x|device '/dev/x': expected hostPath:containerPath[:permissions]",
        "device|/dev/x:/dev/x:rwx|device '/dev/x:/dev/x:rwx': permissions must be 1 to 3 of r, w, m",
        "mount|/a:/b:bogus|mount '/a:/b:bogus': propagation must be one of",
        "mount|/a|mount '/a': expected source:destination[:propagation]",
        "host|db:not-an-ip|host 'db:not-an-ip': 'not-an-ip' is not an IP address",
        "env|1A=x|env '1A=x': expected VAR=value, VAR= or VAR",
        "network|none|network 'none': expected bridge or host",
        "privileged|yes|privileged 'yes': expected true or false",
        "terminal|on|terminal 'on': expected true or false",
        "interactive|2|interactive '2': expected true or false",
        "restartPolicy|sometimes|restartPolicy 'sometimes': expected no, always, unless-stopped or on-failure",
        "restartMaxRetries|three|restartMaxRetries 'three': expected a whole number",
        "restartTimeout|-5|restartTimeout '-5': must not be negative",
        "logDriver|syslog|logDriver 'syslog': expected json-file or none",
        "logMaxFiles|0|logMaxFiles '0': at least 1 file is needed",
        "logMaxSize|100|logMaxSize '100': expected a size such as 200M, 1.5G or 512k",
        "logMode|async|logMode 'async': expected blocking or non-blocking",
        "logMaxBufferSize|1T|logMaxBufferSize '1T': expected a size",
        "memory|2M|memory '2M': the minimum is 3M",
        "memory|lots|memory 'lots': expected a size",
        "memorySwap|100M|memorySwap '100M': needs memory to be set",
        "memoryReservation|10x|memoryReservation '10x': expected a size",
        "imageDigest|abab|imageDigest 'abab': expected sha256: and 64 hexadecimal digits",
        "imageDigest|''|imageDigest '': expected sha256: and 64 hexadecimal digits",
        "imageDigest|sha512:abab|imageDigest 'sha512:abab': expected sha256: and 64 hexadecimal digits",
    })
    void anInvalidValueNamesTheContainerTheKeyAndTheValue(String key, String value, String expected) {
        InvalidDesiredStateException e = assertThrows(InvalidDesiredStateException.class,
                () -> parser.parse(component("app", "1", "image", "x:1", key, value)));
        assertTrue(e.getMessage().startsWith("Invalid configuration of container 'app': " + expected),
                e.getMessage());
    }

    @Test
    void anImageIsPinnedByTheDigestKeyOrItsReference() throws Exception {
        String digest = "sha256:" + "ab".repeat(32);
        ContainerSpec byKey = parser.parse(component("app", "1", "image", "r/app:v1", "imageDigest",
                " " + digest.toUpperCase(java.util.Locale.ROOT).replace("SHA256", "sha256") + " "));
        assertEquals(digest, byKey.imageDigest());
        assertEquals(digest, byKey.pinnedDigest());

        ContainerSpec byReference = parser.parse(component("app", "1", "image", "r/app@" + digest));
        assertEquals("", byReference.imageDigest());
        assertEquals(digest, byReference.pinnedDigest());
        assertEquals(digest, parser.parse(component("app", "1", "image", "r/app@" + digest, "imageDigest", digest))
                .pinnedDigest());
        assertEquals("", parser.parse(component("app", "1", "image", "r/app:v1")).pinnedDigest());
    }

    @Test
    void aDigestThatIsMalformedOrDisagreesWithTheReferenceIsRefused() {
        String digest = "sha256:" + "ab".repeat(32);
        assertEquals("Invalid configuration of container 'app': image 'r/app@sha256:abc': the digest after @ must be "
                + "sha256: and 64 lowercase hexadecimal digits", assertThrows(InvalidDesiredStateException.class,
                () -> parser.parse(component("app", "1", "image", "r/app@sha256:abc"))).getMessage());
        String other = "sha256:" + "cd".repeat(32);
        assertEquals("Invalid configuration of container 'app': imageDigest '" + other + "': the image reference pins "
                + "another digest, " + digest, assertThrows(InvalidDesiredStateException.class,
                () -> parser.parse(component("app", "1", "image", "r/app@" + digest, "imageDigest", other)))
                .getMessage());
    }

    @Test
    void memoryRelationsAreChecked() {
        assertTrue(assertThrows(InvalidDesiredStateException.class, () -> parser.parse(component("app", "1",
                "image", "x:1", "memory", "100M", "memoryReservation", "200M"))).getMessage()
                .contains("memoryReservation '200M': must not be more than memory 100M"));
        assertTrue(assertThrows(InvalidDesiredStateException.class, () -> parser.parse(component("app", "1",
                "image", "x:1", "memory", "100M", "memorySwap", "50M"))).getMessage()
                .contains("memorySwap '50M': must not be less than memory 100M"));
    }

    @Test
    void kantosCombinationRulesAreChecked() {
        assertTrue(assertThrows(InvalidDesiredStateException.class, () -> parser.parse(component("app", "1",
                "image", "x:1", "privileged", "true", "device", "/dev/a:/dev/a"))).getMessage()
                .contains("privileged 'true'"));
        assertTrue(assertThrows(InvalidDesiredStateException.class, () -> parser.parse(component("app", "1",
                "image", "x:1", "network", "host", "port", "80:80"))).getMessage()
                .contains("port '80:80/tcp': ports cannot be published with network host"));
        assertTrue(assertThrows(InvalidDesiredStateException.class, () -> parser.parse(component("app", "1",
                "image", "x:1", "network", "host", "host", "me:host_ip"))).getMessage()
                .contains("host 'me:host_ip': host_ip cannot be used with network host"));
    }

    @Test
    void badNamesAndTheReservedSuffixAreRefused() {
        assertTrue(assertThrows(InvalidDesiredStateException.class,
                () -> parser.parse(component("-app", "1", "image", "x:1"))).getMessage()
                .startsWith("Invalid container name '-app'"));
        assertTrue(assertThrows(InvalidDesiredStateException.class,
                () -> parser.parse(component("app.vu-previous", "1", "image", "x:1"))).getMessage()
                .contains("reserved"));
    }

    @Test
    void sizesAre1024BasedWithAMandatoryUnit() {
        assertEquals(1536, ByteSize.parse("1.5k"));
        assertEquals(3L * 1024 * 1024 * 1024, ByteSize.parse("3 G"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("100"));
    }
}

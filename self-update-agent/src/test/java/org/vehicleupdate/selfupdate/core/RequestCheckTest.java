package org.vehicleupdate.selfupdate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Component;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.KeyValue;

class RequestCheckTest {
    private final FakeRauc rauc = new FakeRauc();
    private final RequestCheck check = new RequestCheck(new AgentSettings(Path.of("/data"), Set.of("https"),
            Duration.ZERO, "test", Duration.ofMinutes(1)), rauc);

    private static DesiredState desired(String version, String url, KeyValue... more) {
        List<KeyValue> config = new java.util.ArrayList<>(List.of(new KeyValue("image", url)));
        config.addAll(List.of(more));
        return new DesiredState(List.of(), List.of(new Domain("self-update", List.of(),
                List.of(new Component("os-image", version, config)))));
    }

    @Test
    void aNewVersionGoesToTheOtherSlotIntoAFileOfItsOwnInTheDataDirectory() {
        RequestCheck.Result result = check.check("a1", desired("2.0", " https://b.example/os.raucb "));

        RequestCheck.Accepted accepted = (RequestCheck.Accepted) result;
        assertThat(accepted.request().version()).isEqualTo("2.0");
        assertThat(accepted.request().bundleUrl()).isEqualTo("https://b.example/os.raucb");
        assertThat(accepted.request().originalSlot()).isEqualTo("rootfs.0");
        assertThat(accepted.request().targetSlot()).isEqualTo("rootfs.1");
        assertThat(accepted.request().bundleFile()).matches("/data/os-image-[0-9a-f]{16}\\.raucb");
        assertThat(accepted.plan()).isEqualTo("rootfs.0 (A) runs '1.0', rootfs.1 (B) gets 2.0");
        assertThat(accepted.request().pinned()).isFalse();
        assertThat(rauc.calls).as("identification changes nothing").isEmpty();
    }

    @Test
    void aPinnedDigestIsKeptInLowerCase() {
        String pin = "3C9FDEDFBB879E73D352980039AFA49897FE95A07233BF3DD3CD945923CF440D";
        RequestCheck.Accepted accepted = (RequestCheck.Accepted) check.check("a1",
                desired("2.0", "https://b.example/os.raucb", new KeyValue("sha256", " " + pin + " ")));

        assertThat(accepted.request().bundleSha256()).isEqualTo(pin.toLowerCase(java.util.Locale.ROOT));
        assertThat(accepted.plan()).endsWith("gets 2.0 from a bundle pinned to SHA-256 " + pin.toLowerCase(
                java.util.Locale.ROOT));
    }

    @Test
    void aMalformedDigestIsRefusedNamingComponentKeyAndValue() {
        for (String bad : List.of("", "3c9fdedf", "sha256:3c9fdedfbb879e73d352980039afa49897fe95a07233bf3dd3cd945923cf440d",
                "zz9fdedfbb879e73d352980039afa49897fe95a07233bf3dd3cd945923cf440d")) {
            assertThat(check.check("a1", desired("2.0", "https://b.example/os.raucb", new KeyValue("sha256", bad))))
                    .isEqualTo(new RequestCheck.Refused("invalid config entry of component 'os-image': sha256 '" + bad
                            + "': expected the bundle's SHA-256 as 64 hexadecimal digits"));
        }
        assertThat(check.check("a1", desired("1.0", "https://b.example/os.raucb", new KeyValue("sha256", "x"))))
                .as("also when the version runs already").isInstanceOf(RequestCheck.Refused.class);
        assertThat(rauc.calls).isEmpty();
    }

    @Test
    void theVersionThatRunsNeedsNothing() {
        assertThat(check.check("a1", desired("1.0", "https://b.example/os.raucb")))
                .isEqualTo(new RequestCheck.AlreadyRunning("1.0"));
    }

    @Test
    void whatCannotBeDoneIsRefusedNamingWhy() {
        assertThat(check.check("a1", desired("2.0", "ftp://b.example/os.raucb"))).isEqualTo(new RequestCheck.Refused(
                "bundle download url 'ftp://b.example/os.raucb' uses scheme 'ftp', which is not allowed (allowed: "
                        + "https)"));
        assertThat(check.check("a1", desired("2.0", "https:///os.raucb")))
                .isEqualTo(new RequestCheck.Refused("bundle download url 'https:///os.raucb' has no host"));
        rauc.booted = "none";
        assertThat(check.check("a1", desired("2.0", "https://b.example/os.raucb")))
                .isEqualTo(new RequestCheck.Refused("RAUC reports no booted slot"));
    }
}

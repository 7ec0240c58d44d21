package org.vehicleupdate.selfupdate.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleInstallTest {
    private final FakeRauc rauc = new FakeRauc();
    private final List<Path> digested = new ArrayList<>();
    /** The bundle's "digest" is its content spelt out, so that a test sees which file was read. */
    private final BundleInstall install = new BundleInstall(rauc, bundle -> {
        digested.add(bundle);
        return "sha256 of " + Files.readString(bundle);
    }, Duration.ofMinutes(1));
    private final List<String> heard = new ArrayList<>();
    private final BundleInstall.Listener listener = new BundleInstall.Listener() {
        @Override
        public void installing(long installedCountBefore) {
            heard.add("installing after " + installedCountBefore + " installs");
        }

        @Override
        public void progress(int percent) {
            heard.add(percent + "%");
        }
    };

    @TempDir
    Path data;

    private SelfUpdateActivity downloaded(String bundleContent) throws Exception {
        return downloaded(bundleContent, "");
    }

    private SelfUpdateActivity downloaded(String bundleContent, String pin) throws IOException {
        Path bundle = Files.writeString(data.resolve("os.raucb"), bundleContent);
        return SelfUpdateActivity.identified(new UpdateRequest("a1", "2.0", "https://b/os", pin, bundle.toString(),
                "rootfs.0", "rootfs.1")).in(ActivityState.DOWNLOADED);
    }

    @Test
    void theBundleIsWrittenToTheOtherSlotAndTheBootedSlotStaysFirst() throws Exception {
        BundleInstall.Result result = install.install(downloaded("2.0"), listener);

        assertThat(result).isEqualTo(new BundleInstall.Installed());
        assertThat(heard).containsExactly("installing after 0 installs", "0%", "50%", "100%");
        assertThat(rauc.versions.get("rootfs.1")).isEqualTo("2.0");
        assertThat(rauc.primary).isEqualTo("rootfs.0");
    }

    @Test
    void aBundleOfAnotherVersionIsRejectedBeforeAnythingIsWritten() throws Exception {
        BundleInstall.Result result = install.install(downloaded("2.1"), listener);

        assertThat(result).isEqualTo(new BundleInstall.Failed("Bundle version does not match version in desired "
                + "state request. The bundle has version '2.1', the desired state asks for '2.0'.", 0));
        assertThat(rauc.calls).doesNotContain("InstallBundle");
        assertThat(heard).isEmpty();
    }

    @Test
    void aBundleWithThePinnedDigestIsInstalled() throws Exception {
        BundleInstall.Result result = install.install(downloaded("2.0", "sha256 of 2.0"), listener);

        assertThat(result).isEqualTo(new BundleInstall.Installed());
        assertThat(digested).containsExactly(data.resolve("os.raucb"));
        assertThat(rauc.versions.get("rootfs.1")).isEqualTo("2.0");
    }

    @Test
    void aBundleWhoseDigestDiffersIsRejectedBeforeRaucReadsIt() throws Exception {
        BundleInstall.Result result = install.install(downloaded("2.0", "sha256 of 1.9"), listener);

        assertThat(result).isEqualTo(new BundleInstall.Failed("Bundle digest does not match the SHA-256 in desired "
                + "state request. The bundle has SHA-256 'sha256 of 2.0', the desired state pins 'sha256 of 1.9'.",
                0));
        assertThat(rauc.calls).as("RAUC never saw the bundle").isEmpty();
        assertThat(heard).isEmpty();
        assertThat(rauc.primary).isEqualTo("rootfs.0");
    }

    @Test
    void aBundleWithoutPinIsNotReadForADigest() throws Exception {
        install.install(downloaded("2.0"), listener);

        assertThat(digested).isEmpty();
    }

    @Test
    void raucsErrorIsTheReasonAndTheBootOrderIsPutBack() throws Exception {
        rauc.installError = "signature verification failed";

        assertThat(install.install(downloaded("2.0"), listener))
                .isEqualTo(new BundleInstall.Failed("signature verification failed", 50));
        assertThat(rauc.primary).isEqualTo("rootfs.0");
    }

    @Test
    void afterARestartAnInstallRaucCompletedIsInstalledAndOneItDidNotIsInterrupted() throws Exception {
        SelfUpdateActivity activity = downloaded("2.0").in(ActivityState.INSTALLING);
        rauc.install(Path.of(activity.request().bundleFile()), (p, s) -> { });
        rauc.installing = true;
        List<String> waited = new ArrayList<>();

        assertThat(install.recover(activity, () -> waited.add("still installing"))).isEqualTo(new BundleInstall.Installed());
        assertThat(waited).containsExactly("still installing");
        assertThat(rauc.primary).isEqualTo("rootfs.0");

        SelfUpdateActivity counted = activity.withFacts(f -> f.withInstalledCountBefore(1));
        assertThat(install.recover(counted, () -> { })).isEqualTo(new BundleInstall.Failed("Install interrupted: the "
                + "agent was restarted during the install and RAUC did not complete it into rootfs.1.", 0));
    }
}

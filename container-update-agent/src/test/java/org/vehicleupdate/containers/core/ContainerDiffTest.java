package org.vehicleupdate.containers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vehicleupdate.containers.spec.Specs.component;
import static org.vehicleupdate.containers.spec.Specs.spec;

import org.vehicleupdate.containers.spec.DesiredContainers;
import org.vehicleupdate.containers.spec.DesiredContainer;
import org.vehicleupdate.containers.spec.InvalidDesiredStateException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Component;

class ContainerDiffTest {
    private final FakeRuntime host = new FakeRuntime();
    private final Component v1 = component("app", "v1", "image", "r/app:v1", "env", "A=1", "port", "8080:8080");

    private List<String> diff(List<String> system, Component... desired) throws Exception {
        List<DesiredContainer> containers = java.util.Arrays.stream(desired)
                .map(c -> new DesiredContainer(c.version(), spec(c))).toList();
        return ContainerDiff.identify(new DesiredContainers(containers, system), host.list()).stream()
                .map(a -> a.kind() + " " + a.name()).toList();
    }

    @Test
    void aNewNameIsCreatedAndAnIdenticalOneOnlyChecked() throws Exception {
        host.existing(spec(v1), true, true, "old");
        assertEquals(List.of("CHECK app", "CREATE web"), diff(List.of(), v1, component("web", "1", "image", "r/w:1")));
    }

    @Test
    void imageEnvPortsCmdAndMountsNeedARecreate() throws Exception {
        host.existing(spec(v1), true, true, "old");
        assertEquals(List.of("RECREATE app"), diff(List.of(), component("app", "v2", "image", "r/app:v2", "env", "A=1",
                "port", "8080:8080")));
        assertEquals(List.of("RECREATE app"), diff(List.of(), component("app", "v1", "image", "r/app:v1", "env", "A=2",
                "port", "8080:8080")));
        assertEquals(List.of("RECREATE app"), diff(List.of(), component("app", "v1", "image", "r/app:v1", "env", "A=1",
                "port", "8081:8080")));
    }

    @Test
    void aNewOrChangedDigestPinNeedsARecreateAndADroppedOneNothing() throws Exception {
        String pin = "sha256:" + "ab".repeat(32);
        host.existing(spec(v1), true, true, "old");
        Component pinned = component("app", "v1", "image", "r/app:v1", "env", "A=1", "port", "8080:8080",
                "imageDigest", pin);
        assertEquals(List.of("RECREATE app"), diff(List.of(), pinned));

        host.containers.clear();
        host.existing(spec(pinned), true, true, "old");
        assertEquals(List.of("CHECK app"), diff(List.of(), pinned));
        assertEquals(List.of("CHECK app"), diff(List.of(), v1));
        assertEquals(List.of("RECREATE app"), diff(List.of(), component("app", "v1", "image", "r/app:v1", "env", "A=1",
                "port", "8080:8080", "imageDigest", "sha256:" + "cd".repeat(32))));
    }

    @Test
    void envAndPortsCompareAsSets() throws Exception {
        host.existing(spec(component("app", "1", "image", "i:1", "env", "A=1", "env", "B=2")), true, true, "old");
        assertEquals(List.of("CHECK app"), diff(List.of(), component("app", "1", "image", "i:1", "env", "B=2",
                "env", "A=1")));
    }

    @Test
    void restartPolicyAndMemoryAreAnUpdate() throws Exception {
        host.existing(spec(v1), true, true, "old");
        assertEquals(List.of("UPDATE app"), diff(List.of(), component("app", "v1", "image", "r/app:v1", "env", "A=1",
                "port", "8080:8080", "restartPolicy", "no")));
        assertEquals(List.of("UPDATE app"), diff(List.of(), component("app", "v1", "image", "r/app:v1", "env", "A=1",
                "port", "8080:8080", "memory", "64M")));
    }

    @Test
    void managedContainersNotDesiredAreDestroyedInNameOrder() throws Exception {
        host.existing(spec(component("zeta", "1", "image", "z:1")), true, true, "old");
        host.existing(spec(component("alpha", "1", "image", "a:1")), true, false, "old");
        assertEquals(List.of("CREATE app", "DESTROY alpha", "DESTROY zeta"), diff(List.of(), v1));
    }

    @Test
    void systemAndForeignContainersAreNeverInTheDiff() throws Exception {
        host.existing(spec(component("databroker", "1", "image", "d:1")), true, true, "old");
        host.existing(spec(component("someone-elses", "1", "image", "s:1")), false, true, "");
        assertEquals(List.of("CREATE app"), diff(List.of("databroker"), v1,
                component("databroker", "2", "image", "d:2")));
    }

    @Test
    void aDesiredNameTakenByAForeignContainerIsRefused() {
        host.existing(spec(component("app", "1", "image", "s:1")), false, true, "");
        InvalidDesiredStateException e = assertThrows(InvalidDesiredStateException.class, () -> diff(List.of(), v1));
        assertTrue(e.getMessage().startsWith("Container 'app' exists but was not created by this agent"));
    }

    @Test
    void aManagedContainerWithoutASpecLabelIsRecreated() throws Exception {
        String id = host.existing(spec(v1), true, true, "old");
        RuntimeContainer c = host.containers.get(id);
        java.util.Map<String, String> labels = new java.util.HashMap<>(c.labels());
        labels.remove(ManagedLabels.SPEC);
        host.containers.put(id, new RuntimeContainer(id, c.name(), c.image(), c.state(), 0, "", "", "", 0, labels));
        assertEquals(List.of("RECREATE app"), diff(List.of(), v1));
    }
}

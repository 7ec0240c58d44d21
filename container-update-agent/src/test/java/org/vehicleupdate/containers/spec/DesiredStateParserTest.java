package org.vehicleupdate.containers.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vehicleupdate.containers.spec.Specs.component;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Baseline;
import org.vehicleupdate.messages.DesiredState;
import org.vehicleupdate.messages.Domain;
import org.vehicleupdate.messages.KeyValue;

class DesiredStateParserTest {
    private final DesiredStateParser parser = new DesiredStateParser("containers", List.of("self-update-agent"));

    @Test
    void exactlyOneDomainWithTheAgentsIdIsAccepted() {
        assertEquals("one domain expected in desired state specification, but got 0",
                assertThrows(InvalidDesiredStateException.class,
                        () -> parser.parse(new DesiredState(List.of(), List.of()))).getMessage());
        assertEquals("domain id mismatch - expecting containers, received self-update",
                assertThrows(InvalidDesiredStateException.class, () -> parser.parse(new DesiredState(List.of(),
                        List.of(new Domain("self-update", List.of(), List.of()))))).getMessage());
    }

    @Test
    void aBaselineMustNameExistingComponents() {
        DesiredState state = new DesiredState(List.of(new Baseline("b", "", "", List.of("containers:nope"))),
                List.of(new Domain("containers", List.of(), List.of(component("app", "1", "image", "x:1")))));
        assertEquals("cannot find container component containers:nope",
                assertThrows(InvalidDesiredStateException.class, () -> parser.parse(state)).getMessage());
    }

    @Test
    void aNameListedTwiceIsRefused() {
        assertEquals("container component app is listed twice", assertThrows(InvalidDesiredStateException.class,
                () -> parser.parse(Specs.desired(component("app", "1"), component("app", "2")))).getMessage());
    }

    @Test
    void theDomainsSystemContainersReplaceTheConfiguredOnes() throws Exception {
        assertEquals(List.of("self-update-agent"), parser.parse(Specs.desired(component("a", "1"))).systemContainers());
        assertEquals(List.of("databroker", "x"), parser.parse(Specs.desired(
                List.of(new KeyValue("systemContainers", " databroker , x")), component("a", "1"))).systemContainers());
        assertEquals(List.of(), parser.parse(Specs.desired(
                List.of(new KeyValue("systemContainers", "")), component("a", "1"))).systemContainers());
    }
}

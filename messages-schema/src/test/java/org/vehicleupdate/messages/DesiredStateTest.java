package org.vehicleupdate.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredStateTest {
    private static final Domain CONTAINERS = new Domain("containers", List.of(),
            List.of(new Component("xyz", "1.2.3", List.of(new KeyValue("image", "reg/xyz:1.2.3")))));
    private static final Domain APPS = new Domain("custom-domain", List.of(), List.of(new Component("app-3", "1", null)));

    @Test
    void aDomainsPartKeepsOnlyItsOwnComponentsOfEachBaseline() {
        DesiredState state = new DesiredState(List.of(
                new Baseline("composite", "d", "p", List.of("containers:xyz", "custom-domain:app-3")),
                new Baseline("apps-only", "", "", List.of("custom-domain:app-3"))), List.of(CONTAINERS, APPS));

        DesiredState part = state.partFor("containers");

        assertEquals(new DesiredState(List.of(new Baseline("composite", "d", "p", List.of("containers:xyz"))),
                List.of(CONTAINERS)), part);
    }

    @Test
    void theLastDomainWithAnIdWinsAsInKanto() {
        Domain second = new Domain("containers", List.of(), List.of());

        assertEquals(second, new DesiredState(null, List.of(CONTAINERS, second)).partFor("containers").domains().get(0));
    }

    @Test
    void configLookupTakesTheLastEntryWithTheKey() {
        Component component = new Component("c", "1", List.of(new KeyValue("env", "A=1"), new KeyValue("env", "B=2")));

        assertEquals("B=2", component.configValue("env").orElseThrow());
    }

    @Test
    void topicPrefixesFollowKantosRule() {
        assertEquals("vehicleupdate/desiredstate", DomainTopics.of("vehicle").desiredState());
        assertEquals("selfupdate/desiredstate/command", DomainTopics.of("self-update").desiredStateCommand());
        assertEquals("containersupdate/currentstate/get", DomainTopics.of("containers").currentStateGet());
        assertEquals("deviceupdate/ownerconsentfeedback", DomainTopics.of("device").ownerConsentFeedback());
    }
}

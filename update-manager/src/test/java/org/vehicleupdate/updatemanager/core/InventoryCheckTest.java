package org.vehicleupdate.updatemanager.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vehicleupdate.messages.Association;
import org.vehicleupdate.messages.HardwareNode;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.SoftwareNode;
import org.vehicleupdate.messages.SoftwareType;

/** The bad inventories of the hostile-input probe: what is left out, why, and that the rest stays. */
class InventoryCheckTest {

    static SoftwareNode node(String id) {
        return new SoftwareNode(id, "1", "", List.of(), SoftwareType.CONTAINER);
    }

    static Association link(String source, String target) {
        return new Association(source, target);
    }

    static Stream<Arguments> badInventories() {
        return Stream.of(
                Arguments.of("a cycle", new Inventory(List.of(), List.of(node("a"), node("b"), node("c")),
                        List.of(link("a", "b"), link("b", "c"), link("c", "a"))),
                        List.of("association c -> a closes a cycle"), List.of("a->b", "b->c")),
                Arguments.of("a node linked to itself", new Inventory(List.of(), List.of(node("a")),
                        List.of(link("a", "a"))),
                        List.of("association a -> a closes a cycle"), List.of()),
                Arguments.of("associations to unknown nodes", new Inventory(List.of(), List.of(node("a")),
                        List.of(link("a", "ghost"), link("ghost", "a"))),
                        List.of("association a -> ghost names an unknown node 'ghost'",
                                "association ghost -> a names an unknown node 'ghost'"), List.of()),
                Arguments.of("the same node twice", new Inventory(List.of(), List.of(node("a"), node("b"), node("a")),
                        List.of(link("a", "b"))),
                        List.of("node 'a' appears 2 times; the first is kept"), List.of("a->b")),
                Arguments.of("a node with two parents", new Inventory(List.of(), List.of(node("a"), node("b"),
                        node("c")), List.of(link("a", "c"), link("b", "c"))),
                        List.of("association b -> c would give 'c' a second parent"), List.of("a->c")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInventories")
    void theBadPartsAreLeftOutWithTheirReasonAndTheRestIsKept(String what, Inventory reported, List<String> problems,
            List<String> keptLinks) {
        InventoryCheck check = InventoryCheck.of(reported);

        assertThat(check.problems()).containsExactlyElementsOf(problems);
        assertThat(check.kept()).hasValueSatisfying(kept -> {
            assertThat(kept.associations()).extracting(a -> a.sourceId() + "->" + a.targetId())
                    .containsExactlyElementsOf(keptLinks);
            assertThat(kept.softwareNodes()).extracting(SoftwareNode::id).doesNotHaveDuplicates();
        });
    }

    @Test
    void anInventoryWithoutAnyNodeIsRefusedAsAWhole() {
        InventoryCheck check = InventoryCheck.of(new Inventory(List.of(), List.of(), List.of(link("a", "b"))));

        assertThat(check.kept()).isEmpty();
        assertThat(check.problems()).containsExactly("it has no nodes");
    }

    @Test
    void aGoodInventoryIsKeptAsItIs() {
        Inventory good = new Inventory(List.of(new HardwareNode("ecu", "1", "", List.of(), false)),
                List.of(node("agent"), node("app")), List.of(link("agent", "app")));

        assertThat(InventoryCheck.of(good)).isEqualTo(new InventoryCheck(java.util.Optional.of(good), List.of()));
    }

    @Test
    void aThousandProblemsMakeOneReadableLine() {
        List<Association> links = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> link("a", "ghost" + i))
                .toList();
        InventoryCheck check = InventoryCheck.of(new Inventory(List.of(), List.of(node("a")), links));

        assertThat(check.summary()).endsWith("; and 995 more").hasSizeLessThan(400);
    }
}

package org.vehicleupdate.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.cli.core.InventoryTree;
import org.vehicleupdate.messages.KeyValue;

class InventoryTableTest {

    @Test
    void rowsAreAlignedIndentedAndShowTheKeyParametersFirst() {
        List<String> lines = InventoryTable.render(List.of(
                new InventoryTree.Row(0, "vehicle-update-manager", "APPLICATION", "0.1.0", "Vehicle Update Manager",
                        List.of()),
                new InventoryTree.Row(1, "containers-update-agent", "APPLICATION", "0.1.0", "", List.of(
                        new KeyValue("domain", "containers"))),
                new InventoryTree.Row(2, "containers:hello", "CONTAINER", "latest", "", List.of(
                        new KeyValue("restart", "always"), new KeyValue("image", "hello:latest"),
                        new KeyValue("status", "Running")))));

        assertEquals(List.of(
                "NODE                       TYPE         VERSION  NAME                    PARAMETERS",
                "vehicle-update-manager     APPLICATION  0.1.0    Vehicle Update Manager",
                "  containers-update-agent  APPLICATION  0.1.0                            domain=containers",
                "    containers:hello       CONTAINER    latest                           status=Running"
                        + " image=hello:latest restart=always"), lines);
    }
}

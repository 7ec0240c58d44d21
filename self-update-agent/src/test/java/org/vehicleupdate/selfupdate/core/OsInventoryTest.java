package org.vehicleupdate.selfupdate.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vehicleupdate.messages.Envelope;
import org.vehicleupdate.messages.Inventory;
import org.vehicleupdate.messages.KeyValue;
import org.vehicleupdate.messages.json.WireJson;
import org.vehicleupdate.messages.validation.MessageKind;
import org.vehicleupdate.messages.validation.MessageReader;
import org.vehicleupdate.messages.validation.ReadResult;

class OsInventoryTest {
    private static final SystemStatus FRESH_VEHICLE = new SystemStatus(List.of(
            new SlotStatus("rootfs.0", "rootfs", "A", "booted", "good", "1.0", "ok", 1),
            new SlotStatus("rootfs.1", "rootfs", "B", "inactive", "bad", "", "", 0)), "A");

    @Test
    void aSlotThatWasNeverWrittenStillGivesAnInventoryTheManagerAccepts() {
        Inventory inventory = OsInventory.of("0.1.0", FRESH_VEHICLE);
        byte[] wire = WireJson.writeBytes(Envelope.of("inventory-1", 1L, inventory));

        ReadResult<Inventory> read = new MessageReader().read(wire, MessageKind.CURRENT_STATE);

        assertInstanceOf(ReadResult.Accepted.class, read, () -> read + " for " + new String(wire));
        assertEquals(List.of(new KeyValue("bootname", "B"), new KeyValue("state", "inactive"),
                new KeyValue("boot-status", "bad")), inventory.softwareNodes().get(3).parameters());
        assertEquals("1.0", inventory.softwareNodes().get(1).version());
    }
}

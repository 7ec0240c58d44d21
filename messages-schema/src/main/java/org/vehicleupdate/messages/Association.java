package org.vehicleupdate.messages;

/** An edge of the inventory graph: the source node contains or manages the target node. */
public record Association(String sourceId, String targetId) {
    public Association {
        sourceId = Values.text(sourceId);
        targetId = Values.text(targetId);
    }
}

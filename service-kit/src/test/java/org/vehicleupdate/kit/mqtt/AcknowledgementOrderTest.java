package org.vehicleupdate.kit.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcknowledgementOrderTest {
    private final List<String> acknowledged = new ArrayList<>();
    private final AcknowledgementOrder<String> order = new AcknowledgementOrder<>(acknowledged::add);

    @Test
    void aMessageWhoseHandlerPublishedNothingIsAcknowledgedWhenItsHandlerReturns() {
        AcknowledgementOrder.Incoming<String> first = order.received("m1");
        assertEquals(List.of(), acknowledged);

        order.handled(first);

        assertEquals(List.of("m1"), acknowledged);
        assertEquals(0, order.waiting());
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceTheBrokerHasEverythingItsHandlerPublished() {
        AcknowledgementOrder.Incoming<String> first = order.received("m1");
        order.published(first);
        order.published(first);
        order.handled(first);
        assertEquals(List.of(), acknowledged);

        order.delivered(first);
        assertEquals(List.of(), acknowledged);
        order.delivered(first);

        assertEquals(List.of("m1"), acknowledged);
    }

    @Test
    void aLaterMessageWaitsForTheEarlierOnesSoThatAcknowledgementsKeepTheBrokersOrder() {
        AcknowledgementOrder.Incoming<String> first = order.received("m1");
        order.published(first);
        order.handled(first);
        AcknowledgementOrder.Incoming<String> second = order.received("m2");
        order.handled(second);
        AcknowledgementOrder.Incoming<String> third = order.received("m3");
        order.published(third);
        order.handled(third);
        assertEquals(List.of(), acknowledged);

        order.delivered(third);
        assertEquals(List.of(), acknowledged);
        order.delivered(first);

        assertEquals(List.of("m1", "m2", "m3"), acknowledged);
    }

    @Test
    void aDeliveryBeforeTheHandlerReturnedDoesNotReleaseTheMessage() {
        AcknowledgementOrder.Incoming<String> first = order.received("m1");
        order.published(first);
        order.delivered(first);
        assertEquals(List.of(), acknowledged);

        order.handled(first);

        assertEquals(List.of("m1"), acknowledged);
    }
}

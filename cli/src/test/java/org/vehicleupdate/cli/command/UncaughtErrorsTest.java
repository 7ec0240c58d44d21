package org.vehicleupdate.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UncaughtErrorsTest {
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final UncaughtErrors handler = new UncaughtErrors(new PrintStream(text, true, StandardCharsets.UTF_8));

    @Test
    void anAcknowledgementOnTheClosedClientIsNotShown() {
        NullPointerException late = new NullPointerException("this.callback is null");
        late.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.eclipse.paho.client.mqttv3.internal.ClientComms", "messageArrivedComplete",
                    "ClientComms.java", 613),
            new StackTraceElement("org.eclipse.paho.client.mqttv3.MqttAsyncClient", "messageArrivedComplete",
                    "MqttAsyncClient.java", 1280)});
        handler.uncaughtException(new Thread("mqtt-handler-vehicle-update-cli-1"), late);
        assertEquals("", text.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anyOtherErrorIsOneLineWithoutAStackTrace() {
        handler.uncaughtException(new Thread("mqtt-handler-vehicle-update-cli-1"), new IllegalStateException("bug"));
        assertEquals("vehicle-update: internal error in thread mqtt-handler-vehicle-update-cli-1:"
                + " java.lang.IllegalStateException: bug" + System.lineSeparator(), text.toString(StandardCharsets.UTF_8));
    }
}

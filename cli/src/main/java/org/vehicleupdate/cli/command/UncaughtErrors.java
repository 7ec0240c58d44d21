package org.vehicleupdate.cli.command;

import java.io.PrintStream;

/**
 * The last word on an exception no code caught, on a thread of the MQTT client: one line for the operator,
 * not a stack trace. One case is known and harmless: when the CLI closes its connection while messages are
 * still queued for its handler thread (a flood of feedback right after the final status), service-kit's
 * message bus acknowledges them on the already closed Paho client, which throws a NullPointerException. The
 * CLI is exiting and its session is clean, so nothing is lost; that one is not shown at all.
 */
final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    private final PrintStream err;

    UncaughtErrors(PrintStream err) {
        this.err = err;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (isAcknowledgementAfterClose(error)) {
            return;
        }
        err.println("vehicle-update: internal error in thread " + thread.getName() + ": " + error);
        err.flush();
    }

    static boolean isAcknowledgementAfterClose(Throwable error) {
        if (!(error instanceof NullPointerException)) {
            return false;
        }
        for (StackTraceElement frame : error.getStackTrace()) {
            if (frame.getClassName().equals("org.eclipse.paho.client.mqttv3.MqttAsyncClient")
                    && frame.getMethodName().equals("messageArrivedComplete")) {
                return true;
            }
        }
        return false;
    }
}

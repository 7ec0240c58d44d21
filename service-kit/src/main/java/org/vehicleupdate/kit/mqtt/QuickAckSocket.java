package org.vehicleupdate.kit.mqtt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import jdk.net.ExtendedSocketOptions;

/**
 * A plain socket that acknowledges what it receives at once (Linux's TCP_QUICKACK, set again after every read,
 * as the kernel falls back to delayed acknowledgements on its own). A broker with Nagle's algorithm on (Mosquitto's
 * default) holds each further small packet to this client until the previous one is acknowledged; with delayed
 * acknowledgements that is up to 40 ms per message whenever the client has nothing to send back at once. Where
 * the option does not exist the socket behaves as any other.
 */
final class QuickAckSocket extends Socket {
    private volatile boolean quickAck = true;

    @Override
    public InputStream getInputStream() throws IOException {
        return new FilterInputStream(super.getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                acknowledgeNow();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                acknowledgeNow();
                return n;
            }
        };
    }

    private void acknowledgeNow() {
        if (!quickAck || isClosed()) {
            return;
        }
        try {
            setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        } catch (UnsupportedOperationException e) {
            quickAck = false;
        } catch (IOException e) {
            // a socket being closed: the read that follows reports it
        }
    }
}

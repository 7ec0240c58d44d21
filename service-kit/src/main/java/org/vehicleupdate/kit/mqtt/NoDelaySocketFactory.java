package org.vehicleupdate.kit.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets that delay nothing: Nagle's algorithm off (Paho writes a PUBLISH header and its payload
 * separately, and with Nagle each of its small packets waits up to 40 ms for the broker's delayed ACK) and quick
 * acknowledgements on ({@link QuickAckSocket}: the same wait on the broker's side when it runs with Nagle on).
 */
public final class NoDelaySocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() throws IOException {
        // Paho creates the socket unconnected and connects it itself
        return createUnconnected();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connect(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connect(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connect(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connect(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createUnconnected();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket createUnconnected() throws IOException {
        return noDelay(new QuickAckSocket());
    }

    static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}

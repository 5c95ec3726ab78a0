package io.ssegateway.gateway.testing;

import io.helidon.common.socket.PlainSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A connected pair of loopback sockets: {@link #socket} is the local end as Helidon's socket, {@link #peer} the other. */
public final class LoopbackPair implements AutoCloseable {
    private final ServerSocket server;
    private final Socket local;
    public final Socket peer;
    public final PlainSocket socket;

    public LoopbackPair() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        local = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        peer = server.accept();
        socket = PlainSocket.client(local, "test");
    }

    @Override
    public void close() throws IOException {
        local.close();
        peer.close();
        server.close();
    }
}

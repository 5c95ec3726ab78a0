package io.ssegateway.gateway.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback SSE origin for the warm-up: every request gets {@code events} small events, each in its own chunk, then
 * the end of the body. Plain sockets, one virtual thread per connection.
 */
final class WarmupOrigin implements AutoCloseable {
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int events;

    private WarmupOrigin(ServerSocket server, int events) {
        this.server = server;
        this.events = events;
    }

    /** Listens on a free loopback port. */
    static WarmupOrigin start(int events) throws IOException {
        WarmupOrigin origin = new WarmupOrigin(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()), events);
        Thread.ofVirtual().name("sse-warmup-origin").start(origin::accept);
        return origin;
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("sse-warmup-origin-stream").start(() -> stream(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void stream(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            skipRequestHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(HEAD);
            for (int i = 1; i <= events; i++) {
                byte[] event = ("id: " + i + "\ndata: {\"n\":" + i + ",\"text\":\"warming up the relay\"}\n\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(event);
                out.write('\r');
                out.write('\n');
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the gateway went away: nothing to warm on this stream
        }
    }

    private static void skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended before its head");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

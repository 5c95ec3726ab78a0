package io.ssegateway.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * The floor of the gateway's design, for the benchmark: a bare JDK relay with one blocking virtual thread per
 * stream that reads the origin and writes each read to the client, and a second one that waits on the client's
 * socket to notice it leaving (the gateway's client watch). No Helidon, no HTTP after the request head (the origin's
 * response, chunk framing included, is passed on byte for byte), no config, no plugins, no metrics. What it costs per
 * event and per stream is what the JDK's virtual threads and sockets cost; the gateway can only add to it.
 *
 *   java -cp sse-gateway-bench.jar io.ssegateway.bench.BareRelay --port 18183 --upstream 127.0.0.1:18181
 */
public final class BareRelay {
    private static final int BUFFER = 8192;

    private BareRelay() {
    }

    /** Listens and relays until killed. */
    public static void main(String[] args) throws IOException {
        int port = 18183;
        String upstream = "127.0.0.1:18181";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--upstream" -> upstream = args[++i];
                default -> {
                    System.err.println("usage: java -cp sse-gateway-bench.jar io.ssegateway.bench.BareRelay"
                            + " [--port P] [--upstream HOST:PORT]");
                    System.exit(2);
                }
            }
        }
        int colon = upstream.lastIndexOf(':');
        InetSocketAddress origin = new InetSocketAddress(upstream.substring(0, colon),
                Integer.parseInt(upstream.substring(colon + 1)));
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        System.out.println("bare relay on 127.0.0.1:" + port + " -> " + upstream);
        while (true) { // accepts on a platform thread, as Helidon's listener does
            Socket client = server.accept();
            Thread.ofVirtual().name("relay").start(() -> serve(client, origin));
        }
    }

    private static void serve(Socket client, InetSocketAddress origin) {
        try (client; Socket up = new Socket()) {
            client.setTcpNoDelay(true);
            byte[] head = readHead(client.getInputStream());
            if (head == null) {
                return;
            }
            up.setTcpNoDelay(true);
            up.connect(origin, 5000);
            up.getOutputStream().write(head);
            Thread.ofVirtual().name("watch").start(() -> watch(client, up));
            InputStream in = up.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException gone) {
            // either side closed: both sockets close here
        }
    }

    /** The request head up to its blank line, read one byte at a time so nothing after it is taken. */
    static byte[] readHead(InputStream in) throws IOException {
        byte[] head = new byte[1024];
        int len = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (len == head.length) {
                if (len >= 16384) {
                    return null;
                }
                head = Arrays.copyOf(head, len * 2);
            }
            head[len++] = (byte) b;
            if (len >= 4 && head[len - 1] == '\n' && head[len - 2] == '\r' && head[len - 3] == '\n'
                    && head[len - 4] == '\r') {
                return Arrays.copyOf(head, len);
            }
        }
        return null;
    }

    /** Waits for the client's end of stream, then closes {@code onEnd} (the upstream, so the relay's read ends). */
    static void watch(Socket client, Closeable onEnd) {
        try {
            while (client.getInputStream().read(new byte[1]) >= 0) {
                // a pipelined byte: keep waiting for the end
            }
        } catch (IOException gone) {
            // reset or closed by the relay
        }
        try {
            onEnd.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

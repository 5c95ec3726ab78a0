package io.ssegateway.distribution;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port nothing listens on right now, picked below the kernel's ephemeral range (32768-60999 on Linux). A port the
 * kernel hands out for {@code bind(0)} is also what it gives outgoing connections, so in the seconds a gateway takes
 * to start, a connection made by anything else on the machine could take it ("Address already in use"); a port
 * outside that range is only taken by someone who asks for it by number.
 */
final class FreePort {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private FreePort() {
    }

    /** Picks one that binds on every address right now. */
    static int pick() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port), 1);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH + " after 200 tries");
    }
}

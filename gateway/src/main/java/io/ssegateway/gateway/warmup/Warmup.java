package io.ssegateway.gateway.warmup;

import io.helidon.webserver.WebServer;
import io.ssegateway.gateway.config.ConfigLoader;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.edge.EdgeHeaders;
import io.ssegateway.gateway.edge.ListenerTuning;
import io.ssegateway.gateway.exchange.ProxyHandler;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.RouteFactory;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.route.RouteTable;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.stream.StreamSupervisor;
import io.ssegateway.spi.monitor.StreamMonitor;
import io.ssegateway.spi.transform.EventTransform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends a few hundred short event streams through a throwaway loopback listener, a passthrough route and a route
 * with one transform, to a loopback origin: the relay's classes get loaded and its code compiled before real
 * clients need it. A cold JVM took about 300 ms for its first stream, and the first hundred streams waited on it.
 * Nothing of it stays: listener, origin and threads are gone when {@link #run} returns.
 */
public final class Warmup {
    /** Streams a gateway runs at start unless {@code -Dsse.gateway.warmup-streams} says otherwise (0: none). */
    public static final int DEFAULT_STREAMS = 200;
    private static final Logger LOGGER = Logger.getLogger(Warmup.class.getName());
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String[] QUIET_LOGGERS = {"io.helidon.webserver", "io.helidon.common.features"};

    private Warmup() {
    }

    /** Runs the warm-up on a background thread; it never fails the gateway. */
    public static void inBackground(int streams) {
        Thread.ofPlatform().daemon().name("sse-warmup").priority(Thread.MIN_PRIORITY).start(() -> run(streams));
    }

    /**
     * Runs {@code streams} streams of 20 events, 8 at a time, half of them through a transform; returns how many
     * were relayed to their end.
     */
    public static int run(int streams) {
        long start = System.nanoTime();
        int relayed = 0;
        Map<Logger, Optional<Level>> levels = quietHelidon();
        try (WarmupOrigin origin = WarmupOrigin.start(20)) {
            GatewaySettings settings = ConfigLoader.loadString(config(origin.port()), Path.of("."), Map.of());
            RoutePlugins plain = RoutePlugins.none();
            EventTransform retype = (event, stream) -> List.of(event.withType("warm"));
            RouteFactory routes = new RouteFactory(Map.of("warm-t", new RoutePlugins(Optional.empty(), plain.balancer(),
                    List.of(retype), Monitors.none(), "")));
            try (StreamSupervisor supervisor = new StreamSupervisor()) {
                StreamMonitor quiet = new StreamMonitor() { };
                ProxyHandler handler = new ProxyHandler(
                        new RouteTable(settings.routes().stream().map(r -> routes.create(r, quiet)).toList()),
                        supervisor, new StreamLimits(settings.limits()), EdgeHeaders.of(settings.server().edge()));
                WebServer server = ListenerTuning.apply(WebServer.builder()).host("127.0.0.1").port(0).shutdownHook(false)
                        .featuresDiscoverServices(false)
                        .routing(r -> r.any(handler)).build().start();
                try {
                    relayed = streams(server.port(), streams);
                } finally {
                    server.stop();
                }
            }
            int done = relayed;
            LOGGER.fine(() -> "warm-up: " + done + " of " + streams + " streams relayed in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IOException | RuntimeException | InterruptedException e) {
            LOGGER.log(Level.FINE, "warm-up stopped early; the first clients may wait a little longer", e);
        } finally {
            restore(levels);
        }
        return relayed;
    }

    private static String config(int originPort) {
        String upstream = "[\"http://127.0.0.1:" + originPort + "\"]";
        return "server { host = \"127.0.0.1\", port = 0 }\n"
                + "demo-upstream { enabled = false }\n"
                + "routes = [\n"
                + "  { id = \"warm\", path = \"/warm\", upstreams = " + upstream + ", resume { enabled = false } }\n"
                + "  { id = \"warm-t\", path = \"/warm-t\", upstreams = " + upstream
                + ", resume { enabled = false } }\n"
                + "]\n";
    }

    private static int streams(int port, int count) throws InterruptedException {
        int parallel = 8;
        AtomicInteger relayed = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < parallel; c++) {
            int first = c;
            clients.add(Thread.ofVirtual().name("sse-warmup-client").start(() -> {
                for (int i = first; i < count; i += parallel) {
                    if (!stream(port, i % 2 == 0 ? "/warm" : "/warm-t")) {
                        return;
                    }
                    relayed.incrementAndGet();
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return relayed.get();
    }

    /** One stream read to its end (the last chunk of its body); false if it failed or ended early. */
    private static boolean stream(int port, String path) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            byte[] tail = new byte[LAST_CHUNK.length];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int keep = Math.min(n, tail.length);
                System.arraycopy(tail, keep, tail, 0, tail.length - keep);
                System.arraycopy(buffer, n - keep, tail, tail.length - keep, keep);
                if (Arrays.equals(tail, LAST_CHUNK)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Helidon logs every listener it starts; the warm-up's would only confuse. Returns the loggers with their levels. */
    private static Map<Logger, Optional<Level>> quietHelidon() {
        Map<Logger, Optional<Level>> levels = new LinkedHashMap<>();
        for (String name : QUIET_LOGGERS) {
            Logger logger = Logger.getLogger(name);
            levels.put(logger, Optional.ofNullable(logger.getLevel()));
            logger.setLevel(Level.WARNING);
        }
        return levels;
    }

    private static void restore(Map<Logger, Optional<Level>> levels) {
        levels.forEach((logger, level) -> logger.setLevel(level.orElse(null)));
    }
}

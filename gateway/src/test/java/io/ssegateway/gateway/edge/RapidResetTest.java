package io.ssegateway.gateway.edge;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.EdgeSettings;
import io.ssegateway.gateway.config.RequestHeadSettings;
import io.ssegateway.gateway.config.SecurityHeadersSettings;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.H2cClient;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.RawOrigin;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 rapid reset (CVE-2023-44487) against both listeners, over real sockets: connections that open streams and
 * reset them at once are ended by the server (GOAWAY), every stream they started is closed with its upstream
 * connection, and a healthy stream beside them keeps flowing. The memory such an attack makes is garbage, not held
 * (README, Security, measured with a separate process): what this test guards is that nothing stays open that
 * would hold it.
 */
@Timeout(60)
class RapidResetTest {
    private static final int CONNECTIONS = 10;
    private static final int STREAMS = 200;
    private static final Duration WAIT = Duration.ofSeconds(10);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private RawOrigin origin;
    private Gateway gateway;

    @Test
    void rapidResetsOnBothListenersLeaveNoStreamOrUpstreamConnectionAndSpareAHealthyStream() throws Exception {
        origin = GATEWAYS.closeAfter(new RawOrigin(c -> {
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; ; i++) {
                String event = "data: " + i + "\n\n";
                c.write(Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
                Thread.sleep(20);
            }
        }));
        gateway = GATEWAYS.start(new EdgeSettings(Optional.empty(), true, true, SecurityHeadersSettings.DEFAULT,
                                                  RequestHeadSettings.DEFAULT),
                                 List.of(TestGateway.route("events", "/events", origin.url())), Map.of());
        try (RawClient healthy = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            healthy.readUntil("data: 1\n\n", WAIT);

            List<Integer> publicEnds = attack(gateway.port(), "/events");
            List<Integer> adminEnds = attack(gateway.adminPort().getAsInt(), "/observe/health");

            for (int end : publicEnds) {
                assertTrue(end == ENHANCE_YOUR_CALM || end == -1, "public listener ended an attacker with " + end);
            }
            for (int end : adminEnds) {
                assertTrue(end == ENHANCE_YOUR_CALM || end == -1, "admin listener ended an attacker with " + end);
            }
            assertTrue(publicEnds.contains(ENHANCE_YOUR_CALM), "no GOAWAY (ENHANCE_YOUR_CALM) on the public listener: "
                       + publicEnds);
            Await.until(WAIT, () -> gateway.openStreams() == 1,
                        () -> "the attack's streams closed (open: " + gateway.openStreams() + ")");
            Await.until(WAIT, () -> origin.open() == 1, () -> "the attack's upstream connections closed (open: "
                        + origin.open() + " of " + origin.connections().size() + ")");

            String seen = healthy.bodySoFar();
            int next = seen.split("\n\n").length + 1;
            healthy.readUntil("data: " + next + "\n\n", WAIT);
            try (RawClient health = RawClient.get(gateway.adminPort().getAsInt(), "/observe/health")) {
                assertEquals(200, health.status(), "the admin listener still answers: "
                             + health.readTextToEnd(WAIT));
            }
        }
    }

    private static final int ENHANCE_YOUR_CALM = 0xb;

    /**
     * {@link #CONNECTIONS} connections at once, each opening {@link #STREAMS} streams and resetting every one at
     * once; returns how the server ended each (a GOAWAY error code, or -1 for a closed connection).
     */
    private static List<Integer> attack(int port, String path) throws Exception {
        List<Callable<Integer>> attackers = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            attackers.add(() -> {
                try (H2cClient client = new H2cClient(port)) {
                    for (int i = 0; i < STREAMS; i++) {
                        try {
                            client.reset(client.open(path));
                        } catch (IOException closed) {
                            break; // the server ended the connection meanwhile
                        }
                    }
                    return client.awaitServerEnd();
                }
            });
        }
        List<Integer> ends = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> end : pool.invokeAll(attackers)) {
                ends.add(end.get());
            }
        }
        return ends;
    }
}

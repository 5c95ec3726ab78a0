package io.ssegateway.gateway.resilience;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.config.RouteSettings;
import io.ssegateway.gateway.config.Timeouts;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upstream that ends its response cleanly (a finite stream) ends the client's response, on passthrough and
 * transform routes alike, with resume on; one that breaks (reset, a chunked body cut before its last chunk, a
 * close-delimited body cut inside an event) is resumed. With {@code resume.on-end} an ended stream is resumed too,
 * until the upstream answers {@code 204} or has ended without a new event {@code max-attempts} times in a row.
 */
@Timeout(60)
class UpstreamEndTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();
    /** How long a resume that should not happen is waited for: several times the longest backoff below. */
    private static final Duration NO_RESUME = Duration.ofMillis(400);
    private static final String FINITE = "id: 1\ndata: one\n\nid: 2\ndata: two\n\n";

    private final TestOrigin origin;

    UpstreamEndTest() throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
    }

    /** A gateway with one route to the origin, resume on (20..100 ms backoff), passthrough or transform. */
    private Gateway gateway(boolean transform, ResilienceSettings.Resume resume) {
        ResilienceSettings d = ResilienceSettings.defaults();
        RouteSettings route = TestGateway.withResilience(
                TestGateway.route("events", "/events", Duration.ofSeconds(15), OnUpstreamError.STATUS,
                                  new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60)),
                                  origin.url()),
                new ResilienceSettings(0, resume, d.passiveHealth(), Optional.empty()));
        Map<String, RoutePlugins> plugins = transform
                ? Map.of("events", TestGateway.transforms((event, stream) -> List.of(event)))
                : Map.of();
        return GATEWAYS.start(List.of(route), plugins);
    }

    private Gateway gateway(boolean transform) {
        return gateway(transform, new ResilienceSettings.Resume(true, 5, Duration.ofMillis(20),
                                                                Duration.ofMillis(100)));
    }

    private static RawClient stream(Gateway gateway) throws IOException {
        return RawClient.get(gateway.port(), "/events", "Accept: text/event-stream");
    }

    @ParameterizedTest(name = "transform route: {0}")
    @ValueSource(booleans = {false, true})
    void aFiniteChunkedStreamWithIdsEndsTheClientsResponseAndTheOriginSeesOneRequest(boolean transform)
            throws Exception {
        Gateway gateway = gateway(transform);
        try (RawClient client = stream(gateway)) {
            origin.next().startEventStream().send(FINITE).end();
            assertEquals(FINITE, client.readTextToEnd(WAIT));
        }
        assertNull(origin.poll(NO_RESUME), "the ended stream was not resumed");
    }

    @ParameterizedTest(name = "transform route: {0}")
    @ValueSource(booleans = {false, true})
    void aFiniteStreamWithAContentLengthEndsTheClientsResponse(boolean transform) throws Exception {
        Gateway gateway = gateway(transform);
        try (RawClient client = stream(gateway)) {
            origin.next().startUnchunkedEventStream("Content-Length: " + FINITE.length()).sendRaw(FINITE);
            assertEquals(FINITE, client.readTextToEnd(WAIT));
        }
        assertNull(origin.poll(NO_RESUME), "the ended stream was not resumed");
    }

    @ParameterizedTest(name = "transform route: {0}")
    @ValueSource(booleans = {false, true})
    void aCloseDelimitedStreamClosedBetweenEventsEndsTheClientsResponse(boolean transform) throws Exception {
        Gateway gateway = gateway(transform);
        try (RawClient client = stream(gateway)) {
            TestOrigin.Exchange up = origin.next().startUnchunkedEventStream().sendRaw(FINITE);
            client.readUntil("data: two\n\n", WAIT);
            up.kill();
            assertEquals(FINITE, client.readTextToEnd(WAIT));
        }
        assertNull(origin.poll(NO_RESUME), "the ended stream was not resumed");
    }

    @ParameterizedTest(name = "transform route: {0}")
    @ValueSource(booleans = {false, true})
    void aCloseDelimitedStreamClosedInsideAnEventIsResumed(boolean transform) throws Exception {
        Gateway gateway = gateway(transform);
        try (RawClient client = stream(gateway)) {
            TestOrigin.Exchange up = origin.next().startUnchunkedEventStream().sendRaw(FINITE + "id: 3\ndata: th");
            client.readUntil("data: two\n\n", WAIT);
            up.kill();
            TestOrigin.Exchange resumed = origin.next();
            assertEquals("2", resumed.header("Last-Event-ID"));
            resumed.startEventStream().send("id: 3\ndata: three\n\n").end();
            assertEquals(FINITE + "id: 3\ndata: three\n\n", client.readTextToEnd(WAIT));
        }
        assertNull(origin.poll(NO_RESUME), "the resumed stream's clean end was not resumed");
    }

    @ParameterizedTest(name = "transform route: {0}")
    @ValueSource(booleans = {false, true})
    void aStreamResetMidEventIsResumed(boolean transform) throws Exception {
        Gateway gateway = gateway(transform);
        try (RawClient client = stream(gateway)) {
            TestOrigin.Exchange up = origin.next().startEventStream().send(FINITE + "id: 3\ndata: th");
            client.readUntil("data: two\n\n", WAIT);
            up.reset();
            TestOrigin.Exchange resumed = origin.next();
            assertEquals("2", resumed.header("Last-Event-ID"));
            resumed.startEventStream().send("id: 3\ndata: three\n\n");
            client.readUntil("id: 3\ndata: three\n\n", WAIT);
        }
    }

    @ParameterizedTest(name = "transform route: {0}")
    @ValueSource(booleans = {false, true})
    void aChunkedBodyCutBetweenEventsBeforeItsLastChunkIsResumed(boolean transform) throws Exception {
        Gateway gateway = gateway(transform);
        try (RawClient client = stream(gateway)) {
            TestOrigin.Exchange up = origin.next().startEventStream().send(FINITE);
            client.readUntil("data: two\n\n", WAIT);
            up.kill(); // the connection closes without the last chunk: the body is cut, not ended
            TestOrigin.Exchange resumed = origin.next();
            assertEquals("2", resumed.header("Last-Event-ID"));
            resumed.startEventStream().send("id: 3\ndata: three\n\n");
            client.readUntil("id: 3\ndata: three\n\n", WAIT);
        }
    }

    @Test
    void withOnEndAnEndedStreamIsResumedAndA204AnswerEndsTheClientsStreamAtOnce() throws Exception {
        Gateway gateway = gateway(false, new ResilienceSettings.Resume(true, 5, Duration.ofMillis(20),
                                                                       Duration.ofMillis(100), true));
        try (RawClient client = stream(gateway)) {
            origin.next().startEventStream().send(FINITE).end();
            TestOrigin.Exchange resumed = origin.next();
            assertEquals("2", resumed.header("Last-Event-ID"));
            resumed.startEventStream().send("id: 3\ndata: three\n\n").end();
            TestOrigin.Exchange again = origin.next();
            assertEquals("3", again.header("Last-Event-ID"));
            again.noContent(); // "stop reconnecting"
            assertEquals(FINITE + "id: 3\ndata: three\n\n", client.readTextToEnd(WAIT));
        }
        assertNull(origin.poll(NO_RESUME), "no resume after the 204");
    }

    @Test
    void withOnEndResumedStreamsThatEndWithoutANewEventExhaustMaxAttemptsWithGrowingBackoff() throws Exception {
        // waits in [50, 100], [100, 200], [200, 400] ms: the third is at least twice the first's longest
        Gateway gateway = gateway(false, new ResilienceSettings.Resume(true, 3, Duration.ofMillis(100),
                                                                       Duration.ofSeconds(1), true));
        try (RawClient client = stream(gateway)) {
            origin.next().startEventStream().send(FINITE).end();
            List<Long> waits = new ArrayList<>();
            long endedAt = System.nanoTime();
            for (int k = 0; k < 3; k++) {
                TestOrigin.Exchange resumed = origin.next();
                waits.add((System.nanoTime() - endedAt) / 1_000_000);
                assertEquals("2", resumed.header("Last-Event-ID"));
                resumed.startEventStream().end(); // ends again at once, without an event
                endedAt = System.nanoTime();
            }
            assertEquals(FINITE, client.readTextToEnd(WAIT),
                         "the stream ended after max-attempts resumes without a new event; waits " + waits);
            assertTrue(waits.get(2) >= 200, "the backoff grew: waits " + waits);
        }
        assertNull(origin.poll(NO_RESUME), "no resume after max-attempts");
    }
}

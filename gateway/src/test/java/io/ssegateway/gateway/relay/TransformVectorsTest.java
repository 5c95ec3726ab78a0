package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.sse.ParsedEvent;
import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.gateway.testing.ParseVector;
import io.ssegateway.gateway.testing.RawClient;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.testing.TestOrigin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every input of the shared SSE vectors through transform routes, however the origin splits it: a client parsing what
 * the gateway sends dispatches exactly the vector's events (type, data, last event id) and keeps its retry. One route's
 * transform passes each event on unchanged (its block goes out as received), the other's makes a new event of each
 * (the gateway writes it anew). Short inputs are split at every offset, all whole, byte by byte and at random.
 */
@Timeout(120)
class TransformVectorsTest {
    /** Inputs up to this long are also sent in two parts split at every offset. */
    private static final int EVERY_SPLIT_UP_TO = 64;
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private static TestOrigin origin;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(
                List.of(TestGateway.route("same", "/same", origin.url()), TestGateway.route("anew", "/anew", origin.url())),
                Map.of("same", TestGateway.transforms((event, stream) -> List.of(event)),
                       "anew", TestGateway.transforms((event, stream) -> List.of(event.withData(event.data())))));
    }

    static Stream<Arguments> vectors() {
        List<Arguments> cases = new ArrayList<>();
        for (ParseVector v : ParseVector.all()) {
            List<int[]> splits = new ArrayList<>(v.splits().stream().map(ParseVector.Split::cuts).toList());
            if (v.input().length <= EVERY_SPLIT_UP_TO) {
                IntStream.range(1, v.input().length).forEach(at -> splits.add(new int[] {at}));
            }
            for (String route : List.of("/same", "/anew")) {
                cases.add(Arguments.of(v.name() + " " + route, route, v.input(), splits, v.events(), v.retry()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aClientDispatchesTheVectorsEventsHoweverTheOriginSplitsTheStream(String name, String route, byte[] input,
                                                                        List<int[]> splits, List<ParseVector.Dispatched> events,
                                                                        Long retry) throws Exception {
        for (int[] cuts : splits) {
            String how = name + " cut at " + (cuts.length > 8 ? cuts.length + " offsets" : Arrays.toString(cuts));
            byte[] received;
            try (RawClient client = RawClient.get(gateway.port(), route, "Accept: text/event-stream")) {
                origin.next().startEventStream().send(input, cuts).end();
                received = client.readToEnd(Duration.ofSeconds(10));
            }
            List<ParsedEvent> blocks = new ArrayList<>();
            SseParser client = new SseParser(Long.MAX_VALUE, blocks::add);
            client.feed(received);
            List<ParseVector.Dispatched> dispatched = blocks.stream().filter(ParsedEvent::dispatches)
                    .map(ParseVector.Dispatched::of).toList();
            assertEquals(events, dispatched, how + "; the client got: " + Shown.of(received));
            assertEquals(retry, client.reconnectionTime(), how);
        }
    }

    /** Bytes shown with escapes for line ends and non-ASCII, for failure messages. */
    private static final class Shown {
        static String of(byte[] bytes) {
            StringBuilder s = new StringBuilder();
            for (byte b : Arrays.copyOf(bytes, Math.min(bytes.length, 200))) {
                int c = b & 0xFF;
                s.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
                        : String.format("\\x%02X", c));
            }
            return bytes.length > 200 ? s + "..." : s.toString();
        }
    }
}

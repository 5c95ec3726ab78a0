package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.Gateway;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Every input of the shared SSE vectors goes through a passthrough route byte for byte, however the origin splits it. */
@Timeout(60)
class PassthroughVectorsTest {
    @RegisterExtension
    static final TestGateway GATEWAYS = new TestGateway();

    private static TestOrigin origin;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        origin = GATEWAYS.closeAfter(new TestOrigin());
        gateway = GATEWAYS.start(TestGateway.route("events", "/events", origin.url()));
    }

    static Stream<Arguments> vectors() {
        return ParseVector.all().stream().flatMap(v -> v.splits().stream().map(
                split -> Arguments.of(v.name() + " / " + split.how(), v.input(), split.cuts())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void passthroughIsByteExact(String name, byte[] input, int[] cuts) throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            origin.next().startEventStream().send(input, cuts).end();
            assertArrayEquals(input, client.readToEnd(Duration.ofSeconds(10)), name);
        }
    }
}

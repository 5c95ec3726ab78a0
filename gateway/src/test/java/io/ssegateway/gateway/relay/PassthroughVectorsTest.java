package io.ssegateway.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssegateway.gateway.Gateway;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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

    static Stream<Arguments> vectors() throws IOException {
        JsonNode root;
        try (InputStream in = PassthroughVectorsTest.class.getResourceAsStream("/sse/parse.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            byte[] input = c.get("input").asText().getBytes(StandardCharsets.UTF_8);
            String name = c.get("name").asText();
            cases.add(Arguments.of(name + " / whole", input, new int[0]));
            int[] everyByte = new int[Math.max(0, input.length - 1)];
            Arrays.setAll(everyByte, i -> i + 1);
            cases.add(Arguments.of(name + " / byte by byte", input, everyByte));
            Random random = new Random(name.hashCode());
            int[] cuts = random.ints(Math.min(4, input.length), 1, Math.max(2, input.length)).sorted().distinct()
                    .filter(i -> i < input.length).toArray();
            cases.add(Arguments.of(name + " / random splits", input, cuts));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void passthroughIsByteExact(String name, byte[] input, int[] cuts) throws Exception {
        try (RawClient client = RawClient.get(gateway.port(), "/events", "Accept: text/event-stream")) {
            TestOrigin.Exchange up = origin.next();
            up.startEventStream();
            int from = 0;
            for (int cut : cuts) {
                up.send(Arrays.copyOfRange(input, from, cut));
                from = cut;
            }
            up.send(Arrays.copyOfRange(input, from, input.length));
            up.end();
            assertArrayEquals(input, client.readToEnd(Duration.ofSeconds(10)), name);
        }
    }
}

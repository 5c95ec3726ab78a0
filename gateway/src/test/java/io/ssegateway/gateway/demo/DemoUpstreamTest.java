package io.ssegateway.gateway.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class DemoUpstreamTest {
    @Test
    void servesEventsAndNothingOfTheGatewaysObservability() throws Exception {
        DemoUpstream demo = DemoUpstream.start(0);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String base = "http://127.0.0.1:" + demo.port();
            for (String path : new String[] {"/observe/metrics", "/observe/health"}) {
                HttpResponse<String> observe = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                                                           HttpResponse.BodyHandlers.ofString());
                assertEquals(404, observe.statusCode(), path + " on the demo origin: " + observe.body());
            }
            HttpResponse<InputStream> events = client.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, events.statusCode());
            try (InputStream in = events.body()) {
                byte[] first = in.readNBytes(6);
                assertTrue(new String(first, StandardCharsets.UTF_8).matches("(?s)(retry|id: |data|event).*"),
                           new String(first, StandardCharsets.UTF_8));
            }
        } finally {
            demo.close();
        }
    }
}

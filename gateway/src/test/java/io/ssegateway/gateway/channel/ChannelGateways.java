package io.ssegateway.gateway.channel;

import io.ssegateway.gateway.Gateway;
import io.ssegateway.gateway.config.BrokerSettings;
import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.route.RoutePlugins;
import io.ssegateway.gateway.testing.TestGateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the channel tests share: gateways with one channel on the memory broker, started through the test's
 * {@link TestGateway} (which closes them after the test), and publishing with {@link #http}, this test's own HTTP
 * client. A JUnit extension on an instance field ({@code @RegisterExtension final ChannelGateways channels = new
 * ChannelGateways(GATEWAYS);}, after the static {@code TestGateway}): registered after it, it closes the client
 * after each test before the {@code TestGateway} stops the gateways, whose stop waits for open keep-alive
 * connections.
 */
final class ChannelGateways implements AfterEachCallback {
    /** The test's HTTP/1.1 client. */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestGateway gateways;

    ChannelGateways(TestGateway gateways) {
        this.gateways = gateways;
    }

    /** A channel with test-friendly settings keeping {@code historyEvents} events for an hour. */
    static ChannelSettings channel(String id, String path, int historyEvents) {
        return new ChannelSettings(id, path, new ChannelSettings.History(historyEvents, Duration.ofHours(1)),
                                   1 << 20, Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
                                   Duration.ofSeconds(15), ShareSettings.DEFAULT_MAX_QUEUE, Optional.empty());
    }

    /** Starts a gateway with no routes and this channel on the memory broker, with these plugins by id. */
    Gateway start(ChannelSettings channel, Map<String, RoutePlugins> plugins) {
        GatewaySettings settings = TestGateway.settings(List.of())
                .withChannels(BrokerSettings.memory(), List.of(channel));
        return gateways.start(settings, new HashMap<>(plugins));
    }

    /** POSTs {@code body} of this content type to {@code path}. */
    HttpResponse<String> post(Gateway gateway, String path, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(TestGateway.uri(gateway, path)).header("Content-Type", type)
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        http.close();
    }
}

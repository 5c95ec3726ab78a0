package io.ssegateway.gateway.reload;

import io.ssegateway.gateway.config.BrokerSettings;
import io.ssegateway.gateway.config.ChannelSettings;
import io.ssegateway.gateway.config.GatewaySettings;
import io.ssegateway.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestartKeysTest {
    private static final GatewaySettings BASE = TestGateway.settings(
            List.of(TestGateway.route("events", "/events", "http://127.0.0.1:1")));

    @Test
    void aChangedChannelIsReportedAsNeedingARestartInOneShortLine() {
        GatewaySettings running = BASE.withChannels(BrokerSettings.memory(), List.of(channel(1000)));
        GatewaySettings next = BASE.withChannels(BrokerSettings.memory(), List.of(channel(10)));
        assertEquals(List.of("channels: changed, takes effect after a restart (channels: made once at the start; the"
                             + " gateway goes on with what it has) (got: a change)"),
                     RestartKeys.changed(running, next, false));
    }

    @Test
    void unchangedChannelsAndBrokerNeedNothing() {
        GatewaySettings running = BASE.withChannels(BrokerSettings.memory(), List.of(channel(1000)));
        GatewaySettings next = BASE.withChannels(BrokerSettings.memory(), List.of(channel(1000)));
        assertEquals(List.of(), RestartKeys.changed(running, next, false));
    }

    private static ChannelSettings channel(int events) {
        return new ChannelSettings("news", "/channels/news", new ChannelSettings.History(events, Duration.ofHours(1)),
                                   64, Optional.empty(), Optional.empty(), Duration.ofSeconds(5),
                                   Duration.ofSeconds(15), 1 << 20, Optional.empty());
    }
}

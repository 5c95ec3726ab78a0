package io.ssegateway.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelsConfigTest {
    private static final String ROUTE = "routes = [ { id = r1, path = /a, upstreams = [\"http://h:1\"] } ]\n";
    private static final String CHANNEL = ROUTE + "channels = [ { id = news, path = /channels/news\n %s } ]";

    @Test
    void aChannelWithPublishAuthNoneGetsTheDefaults() {
        ChannelSettings channel = channel("publish.auth = none");
        assertEquals("news", channel.id());
        assertEquals("/channels/news", channel.path());
        assertEquals(new ChannelSettings.History(1000, Duration.ofHours(1)), channel.history());
        assertEquals(1024 * 1024, channel.maxEventSize());
        assertEquals(Optional.empty(), channel.publishAuth());
        assertEquals(Optional.empty(), channel.subscribeAuth());
        assertEquals(Duration.ofSeconds(30), channel.longPollMaxWait());
        assertEquals(BrokerSettings.memory(), load(CHANNEL.formatted("publish.auth = none")).broker());
    }

    @Test
    void everyKeyIsRead() {
        GatewaySettings settings = load(CHANNEL.formatted("""
                history { events = 50, age = 10m }
                max-event-size = 64k
                publish { auth { type = bearer, tokens = [t1] } }
                subscribe { auth { type = api-key } }
                long-poll { max-wait = 20s }
                heartbeat = 5s
                max-queue = 128k
                cors { allowed-origins = ["https://app.example"], allowed-methods = [GET, POST] }
                """) + "\nbroker { type = memory, history-bytes = 1m }");
        ChannelSettings channel = settings.channels().getFirst();
        assertEquals(new ChannelSettings.History(50, Duration.ofMinutes(10)), channel.history());
        assertEquals(64 * 1024, channel.maxEventSize());
        assertEquals("bearer", channel.publishAuth().orElseThrow().type());
        assertEquals("channels[0].publish.auth", channel.publishAuth().orElseThrow().config().path());
        assertEquals("api-key", channel.subscribeAuth().orElseThrow().type());
        assertEquals(Duration.ofSeconds(20), channel.longPollMaxWait());
        assertEquals(Duration.ofSeconds(5), channel.heartbeat());
        assertEquals(128 * 1024, channel.maxQueue());
        assertEquals(List.of("GET", "POST"), channel.cors().orElseThrow().allowedMethods());
        assertEquals(new BrokerSettings("memory", 1024 * 1024, Optional.empty()), settings.broker());
    }

    @Test
    void aBrokerPluginGetsTheRestOfTheBrokerObject() {
        BrokerSettings broker = load(CHANNEL.formatted("publish.auth = none")
                                     + "\nbroker { type = redis, uri = \"redis://127.0.0.1:6379\" }").broker();
        assertEquals("redis", broker.type());
        assertEquals("redis", broker.plugin().orElseThrow().type());
        assertEquals(Optional.of("redis://127.0.0.1:6379"), broker.plugin().orElseThrow().config().string("uri"));
    }

    @Test
    void channelsAloneNeedNoRoute() {
        GatewaySettings settings = load("demo-upstream.enabled = false\nchannels = [ { id = news, path = /n,"
                                        + " publish.auth = none } ]");
        assertEquals(List.of(), settings.routes());
        assertEquals(1, settings.channels().size());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "` ` | channels[0].publish: missing required key (publishing is never anonymous: name an auth plugin in"
                    + " publish.auth, or write publish.auth = none to let anyone publish) (got: nothing)",
            "publish {} | channels[0].publish.auth: missing required key (publishing is never anonymous: name an auth"
                    + " plugin, or write publish.auth = none to let anyone publish) (got: nothing)",
            "publish.auth = anyone | channels[0].publish.auth: must be \"none\" or an auth plugin object such as"
                    + " { type = \"bearer\", ... } (got: anyone)",
            "`publish.auth = none, subscribe.auth { tokens = [a] }` | channels[0].subscribe.auth.type: missing"
                    + " required key (got: nothing)",
            "`publish.auth = none, history { events = 0 }` | channels[0].history.events: must be a whole number"
                    + " 1-1000000 (got: 0)",
            "`publish.auth = none, history { bytes = 1 }` | channels[0].history.bytes: unknown key, expected one of:"
                    + " events, age (got: 1)",
            "`publish.auth = none, long-poll { max-wait = 0s }` | channels[0].long-poll.max-wait: must be positive"
                    + " (got: 0s)",
            "`publish.auth = none, upstreams = []` | channels[0].upstreams: unknown key, expected one of: id, path,"
                    + " history, max-event-size, publish, subscribe, long-poll, heartbeat, max-queue, cors (got: [])"})
    void aBadChannelValueIsReportedWithItsPath(String keys, String problem) {
        assertEquals(List.of(problem), assertThrows(ConfigException.class, () -> load(CHANNEL.formatted(keys)))
                .problems());
    }

    @Test
    void idsAndPathsAreUniqueAcrossRoutesAndChannels() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                ROUTE + "channels = [ { id = r1, path = /b, publish.auth = none },"
                + " { id = c2, path = /a, publish.auth = none }, { id = c2, path = /c, publish.auth = none } ]"));
        assertEquals(List.of("channels[0].id: duplicate id, already used by routes[0] (got: r1)",
                             "channels[1].path: duplicate path, already used by routes[0] (got: /a)",
                             "channels[2].id: duplicate id, already used by channels[1] (got: c2)"), e.problems());
    }

    @Test
    void anUnknownMemoryBrokerKeyIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                CHANNEL.formatted("publish.auth = none") + "\nbroker { type = memory, uri = x }"));
        assertTrue(e.problems().getFirst().startsWith("broker.uri: unknown key, expected one of: type,"
                                                      + " history-bytes"), e.problems().toString());
    }

    private static ChannelSettings channel(String keys) {
        return load(CHANNEL.formatted(keys)).channels().getFirst();
    }

    private static GatewaySettings load(String hocon) {
        return ConfigLoader.loadString(hocon, Path.of("/opt/sse-gateway"), Map.of());
    }
}

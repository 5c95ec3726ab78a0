package io.ssegateway.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PollConfigTest {
    private static final String ROUTE = "routes = [ { id = prices, path = /prices\n %s } ]";

    @Test
    void aPolledRouteNeedsNoUpstreamsAndGetsTheDefaults() {
        RouteSettings route = route("source { poll { url = \"http://origin:8000/prices?symbol=X\" } }");
        assertEquals(List.of(), route.upstreams());
        assertEquals(new PollSettings(URI.create("http://origin:8000/prices?symbol=X"), Duration.ofSeconds(2),
                                      PollSettings.Emit.ON_CHANGE, Duration.ofSeconds(30), Duration.ofSeconds(10),
                                      new ChannelSettings.History(100, Duration.ofHours(1))),
                     route.source().orElseThrow());
        assertEquals(Duration.ofSeconds(30), route.longPollMaxWait());
        assertEquals(Optional.empty(), route.share());
    }

    @Test
    void everyKeyIsRead() {
        RouteSettings route = route("""
                source { poll { url = "https://origin", interval = 500ms, emit = every, linger = 1m, timeout = 3s,
                                history { events = 10, age = 5m } } }
                long-poll { max-wait = 10s }""");
        assertEquals(new PollSettings(URI.create("https://origin/"), Duration.ofMillis(500), PollSettings.Emit.EVERY,
                                      Duration.ofMinutes(1), Duration.ofSeconds(3),
                                      new ChannelSettings.History(10, Duration.ofMinutes(5))),
                     route.source().orElseThrow());
        assertEquals(Duration.ofSeconds(10), route.longPollMaxWait());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`source { poll { url = \"http://o\" } }, upstreams = [\"http://h:1\"]` | routes[0].upstreams: a route has"
                    + " upstreams or a source, not both (got: [http://h:1])",
            "`source { poll { url = \"http://o\" } }, share {}` | routes[0].share: a route with a source is always"
                    + " shared (one poller for all subscribers); remove share (got: {})",
            "source { } | routes[0].source.poll: missing required key (the only source is poll { url = ... }) (got:"
                    + " nothing)",
            "source { poll { } } | routes[0].source.poll.url: missing required key (got: nothing)",
            "`source { poll { url = \"ftp://o\" } }` | routes[0].source.poll.url: must be an http(s) URL with a host,"
                    + " no credentials and no fragment (got: ftp://o)",
            "`source { poll { url = \"http://o\", emit = sometimes } }` | routes[0].source.poll.emit: must be"
                    + " on-change or every (got: sometimes)",
            "`source { poll { url = \"http://o\", interval = 0s } }` | routes[0].source.poll.interval: must be"
                    + " positive (got: 0s)",
            "`source { poll { url = \"http://o\", every = 1s } }` | routes[0].source.poll.every: unknown key,"
                    + " expected one of: url, interval, emit, linger, timeout, history (got: 1s)",
            "`source { push { } }` | routes[0].source.push: unknown key, expected one of: poll (got: {})"})
    void aBadSourceIsReportedWithItsPath(String keys, String problem) {
        assertEquals(problem, assertThrows(ConfigException.class, () -> load(ROUTE.formatted(keys)))
                .problems().getFirst());
    }

    private static RouteSettings route(String keys) {
        return load(ROUTE.formatted(keys)).routes().getFirst();
    }

    private static GatewaySettings load(String hocon) {
        return ConfigLoader.loadString(hocon, Path.of("/opt/sse-gateway"), Map.of());
    }
}

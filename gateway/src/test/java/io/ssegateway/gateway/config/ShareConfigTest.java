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

class ShareConfigTest {
    private static final String ROUTE = "routes = [ { id = r1, path = /a, upstreams = [\"http://h:1\"]\n %s } ]";

    @Test
    void aRouteWithoutShareHasNone() {
        assertEquals(Optional.empty(), route("").share());
    }

    @Test
    void anEmptyShareBlockGivesTheDefaults() {
        ShareSettings share = route("share {}").share().orElseThrow();
        assertEquals(List.of(), share.keyHeaders());
        assertEquals(false, share.keyIdentity());
        assertEquals(List.of(), share.upstreamHeaders());
        assertEquals(Duration.ofSeconds(5), share.linger());
        assertEquals(new ShareSettings.Replay(1000, Duration.ofMinutes(5), 4L * 1024 * 1024), share.replay());
        assertEquals(1024L * 1024, share.maxQueue());
    }

    @Test
    void everyKeyIsRead() {
        ShareSettings share = route("""
                share {
                  key = [identity, X-Tenant, Authorization]
                  upstream-headers = [x-tenant, Authorization, Accept-Language]
                  linger = 250ms
                  replay { events = 10, age = 30s, bytes = 64k }
                  max-queue = 128KiB
                }""").share().orElseThrow();
        assertEquals(new ShareSettings(List.of("x-tenant", "authorization"), true,
                                       List.of("x-tenant", "authorization", "accept-language"),
                                       Duration.ofMillis(250), new ShareSettings.Replay(10, Duration.ofSeconds(30),
                                                                                        64 * 1024),
                                       128 * 1024), share);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "share = true | routes[0].share: expected an object (got: true)",
            "share { keys = [] } | routes[0].share.keys: unknown key, expected one of: key, upstream-headers, linger,"
                    + " replay, max-queue (got: [])",
            "share { upstream-headers = [Authorization] } | routes[0].share.upstream-headers[0]: carries one client's"
                    + " credentials; it may go to a shared upstream only when the key holds it too (add it to"
                    + " share.key) (got: Authorization)",
            "share { upstream-headers = [cookie], key = [x-user] } | routes[0].share.upstream-headers[0]: carries"
                    + " one client's credentials; it may go to a shared upstream only when the key holds it too (add"
                    + " it to share.key) (got: cookie)",
            "share { upstream-headers = [Last-Event-ID] } | routes[0].share.upstream-headers[0]: is set by the"
                    + " gateway itself; it cannot be listed (got: Last-Event-ID)",
            "share { key = [\"bad header\"] } | routes[0].share.key[0]: must be a header name or \"identity\""
                    + " (got: bad header)",
            "share { key = [Last-Event-ID] } | routes[0].share.key[0]: Last-Event-ID cannot be part of the key (it"
                    + " is how a client resumes) (got: Last-Event-ID)",
            "share { linger = 0s } | routes[0].share.linger: must be positive (got: 0s)",
            "share { max-queue = 1MB } | routes[0].share.max-queue: " + Sizes.NOT_A_SIZE + " (got: 1MB)",
            "share { replay { events = -1 } } | routes[0].share.replay.events: must be a whole number 0-1000000"
                    + " (got: -1)",
            "share { replay { count = 1 } } | routes[0].share.replay.count: unknown key, expected one of: events,"
                    + " age, bytes (got: 1)",
            "share { replay { bytes = 0 } } | routes[0].share.replay.bytes: must be positive (got: 0)"})
    void aBadShareValueIsReportedWithItsPath(String routeKeys, String problem) {
        assertEquals(List.of(problem), assertThrows(ConfigException.class, () -> load(ROUTE.formatted(routeKeys)))
                .problems());
    }

    private static RouteSettings route(String keys) {
        return load(ROUTE.formatted(keys)).routes().getFirst();
    }

    private static GatewaySettings load(String hocon) {
        return ConfigLoader.loadString(hocon, Path.of("/opt/sse-gateway"), Map.of());
    }
}

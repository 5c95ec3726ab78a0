package io.ssegateway.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ConfigLoaderTest {
    private static final Path HOME = Path.of("/opt/sse-gateway");
    private static final String ROUTE = "routes = [ { id = r1, path = /a, upstreams = [\"http://h:1\"]\n %s } ]";
    private static final String ROUTE_ONE_LINE = "routes = [ { id = r1, path = /a, upstreams = [\"http://h:1\"] } ]";

    @Test
    void anEmptyConfigGivesTheDefaultsAndTheDemoRoute() {
        GatewaySettings settings = load("");

        assertEquals(HOME, settings.home());
        assertEquals(new ServerSettings("0.0.0.0", 8080, Duration.ofSeconds(5)), settings.server());
        assertEquals(new DemoUpstreamSettings(true, 8081), settings.demoUpstream());
        assertEquals(HOME.resolve("plugins"), settings.pluginsDir());
        assertEquals(new AdminSettings(true, "127.0.0.1", 9090), settings.admin());
        assertEquals(List.of(new RouteSettings("events", "/events", List.of(URI.create("http://127.0.0.1:8081")), false,
                                               Duration.ofSeconds(15), OnUpstreamError.RETRY,
                                               new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                                                            Duration.ofSeconds(60)),
                                               1024 * 1024, Optional.empty(), Optional.empty(), List.of(), List.of())),
                     settings.routes());
    }

    @Test
    void theDemoRouteFollowsTheDemoPort() {
        assertEquals(List.of(URI.create("http://127.0.0.1:9100")),
                     load("demo-upstream.port = 9100").routes().getFirst().upstreams());
    }

    @Test
    void aRouteGetsDefaultsForWhatItLeavesOut() {
        RouteSettings route = load(ROUTE.formatted("")).routes().getFirst();

        assertEquals(new RouteSettings("r1", "/a", List.of(URI.create("http://h:1")), false, Duration.ofSeconds(15),
                                       OnUpstreamError.RETRY, RoutesReader.DEFAULT_TIMEOUTS, 1024 * 1024,
                                       Optional.empty(), Optional.empty(), List.of(), List.of()),
                     route);
    }

    @Test
    void aFullConfigIsReadIntoTheRecords() {
        GatewaySettings settings = load("""
                server { host = "127.0.0.1", port = 0, shutdown-timeout = PT30S }
                demo-upstream { enabled = false, port = 9999 }
                plugins { dir = "/srv/plugins" }
                routes = [
                  { id = prices, path = "/prices/", upstreams = ["http://a:1", "https://b/base/"]
                    strip-prefix = true, heartbeat = 2m, on-upstream-error = status, max-event-size = 64KiB
                    timeouts { connect = 500ms, first-byte = 10s, write-stall = 1h }
                    auth { type = bearer, realm = prices }
                    balancer { type = round-robin }
                    transforms = [ { type = json-enrich, add { source = gw } }, { type = rename } ]
                    monitors = [ { type = access-log } ] }
                  { id = news, path = "/", upstreams = ["http://c:3"] }
                ]
                """);

        assertEquals(new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(30)), settings.server());
        assertEquals(new DemoUpstreamSettings(false, 9999), settings.demoUpstream());
        assertEquals(Path.of("/srv/plugins"), settings.pluginsDir());
        RouteSettings prices = settings.routes().get(0);
        assertEquals("prices", prices.id());
        assertEquals("/prices", prices.path());
        assertEquals(List.of(URI.create("http://a:1"), URI.create("https://b/base")), prices.upstreams());
        assertTrue(prices.stripPrefix());
        assertEquals(Duration.ofMinutes(2), prices.heartbeat());
        assertEquals(OnUpstreamError.STATUS, prices.onUpstreamError());
        assertEquals(64 * 1024, prices.maxEventSize());
        assertEquals(new Timeouts(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofHours(1)),
                     prices.timeouts());
        PluginRef auth = prices.auth().orElseThrow();
        assertEquals("bearer", auth.type());
        assertEquals("routes[0].auth", auth.config().path());
        assertEquals(Optional.of("prices"), auth.config().string("realm"));
        assertEquals("round-robin", prices.balancer().orElseThrow().type());
        assertEquals(List.of("json-enrich", "rename"), prices.transforms().stream().map(PluginRef::type).toList());
        assertEquals("routes[0].transforms[1]", prices.transforms().get(1).config().path());
        assertEquals("gw", prices.transforms().getFirst().config().child("add").orElseThrow()
                .requireString("source"));
        assertEquals(List.of("access-log"), prices.monitors().stream().map(PluginRef::type).toList());
        RouteSettings news = settings.routes().get(1);
        assertEquals("/", news.path());
        assertEquals(Optional.empty(), news.auth());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "admin { host = \"0.0.0.0\", port = 9200 }             | true  | 0.0.0.0   | 9200",
            "admin { enabled = false, port = 8080 }                 | false | 127.0.0.1 | 8080",
            "admin.port = 0, server.port = 0                         | true  | 127.0.0.1 | 0",
            "admin.port = 8081, demo-upstream.enabled = false, " + ROUTE_ONE_LINE + " | true | 127.0.0.1 | 8081"})
    void theAdminListenerIsReadAndOnlyAnEnabledOneMayNotShareAPort(String hocon, boolean enabled, String host,
                                                                   int port) {
        assertEquals(new AdminSettings(enabled, host, port), load(hocon).admin());
    }

    @Test
    void thePluginsDirResolvesAgainstHome() {
        assertEquals(HOME.resolve("extra/plugins"), load("plugins.dir = \"extra/./plugins\"").pluginsDir());
    }

    @Test
    void aPluginRefViewLeavesOutTheTypeKey() {
        PluginConfigView view = (PluginConfigView) load(ROUTE.formatted("auth { type = bearer, realm = x }"))
                .routes().getFirst().auth().orElseThrow().config();

        assertEquals(Set.of("realm"), view.keys());
        assertEquals(false, view.has("type"));
        assertEquals(Optional.empty(), view.string("type"));
        assertEquals(List.of("routes[0].auth.realm: unknown key (got: x)"), view.unreadKeyProblems());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "server.port = 70000 | server.port: must be a port number 0-65535 (0 picks a free port) (got: 70000)",
            "server.port = abc | server.port: must be a port number 0-65535 (0 picks a free port) (got: abc)",
            "server.host = \"\" | server.host: must not be empty (got: \"\")",
            "server.shutdown-timeout = 0s | server.shutdown-timeout: must be positive (got: 0s)",
            "server.shutdown-timeout = soon | server.shutdown-timeout: " + Durations.NOT_A_DURATION + " (got: soon)",
            "server = 5 | server: expected an object (got: 5)",
            "server.port = [1, 2] | server.port: expected a value, not a list (got: [1, 2])",
            "demo-upstream.enabled = yes | demo-upstream.enabled: must be true or false (got: yes)",
            "demo-upstream.port = 0 | demo-upstream.port: must be a port number 1-65535 (got: 0)",
            "demo-upstream.port = 8080 | demo-upstream.port: same port as server.port (got: 8080)",
            "plugins.dir = \"\" | plugins.dir: must not be empty (got: \"\")",
            "routes = [] | routes: at least one route is required (got: [])",
            "routes = {} | routes: expected a list (got: {})",
            "demo-upstream.enabled = false | routes: at least one route is required when demo-upstream is disabled"
                    + " (got: nothing)",
            "routes = [ 5 ] | routes[0]: expected an object (got: 5)",
            "routes = [ { path = /a, upstreams = [\"http://h:1\"] } ] | routes[0].id: missing required key (got: nothing)",
            "routes = [ { id = a, upstreams = [\"http://h:1\"] } ] | routes[0].path: missing required key (got: nothing)",
            "routes = [ { id = a, path = /a } ] | routes[0].upstreams: missing required key (got: nothing)",
            "admin = 5 | admin: expected an object (got: 5)",
            "admin.enabled = on | admin.enabled: must be true or false (got: on)",
            "admin.host = \"\" | admin.host: must not be empty (got: \"\")",
            "admin.port = 70000 | admin.port: must be a port number 0-65535 (0 picks a free port) (got: 70000)",
            "admin.port = 8080 | admin.port: same port as server.port (got: 8080)",
            "admin.port = 8081 | admin.port: same port as demo-upstream.port (got: 8081)",
            "admin.path = /x | admin.path: unknown key, expected one of: enabled, host, port (got: /x)"})
    void aBadValueIsReportedWithItsPath(String hocon, String problem) {
        assertEquals(List.of(problem), problems(hocon));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "id = \"Bad!\" | routes[0].id: must match [a-z0-9-_.]+ (got: Bad!)",
            "path = events | routes[0].path: must start with / (got: events)",
            "path = \"/a?b\" | routes[0].path: must not contain ? or # (got: /a?b)",
            "path = \"/a/../b\" | routes[0].path: must not contain .. (got: /a/../b)",
            "upstreams = [] | routes[0].upstreams: at least one upstream is required (got: [])",
            "upstreams = \"http://h:1\" | routes[0].upstreams: expected a list (got: http://h:1)",
            "upstreams = [\"http://h:1\", \"htp:/x\"] | routes[0].upstreams[1]: not an http(s) URL (got: htp:/x)",
            "upstreams = [\"http:///x\"] | routes[0].upstreams[0]: URL has no host (got: http:///x)",
            "upstreams = [\"http://h/?q=1\"] | routes[0].upstreams[0]: must not have a query or fragment"
                    + " (got: http://h/?q=1)",
            "upstreams = [\"http://u:pw@h\"] | routes[0].upstreams[0]: must not contain credentials"
                    + " (configure them in an auth plugin) (got: http://***@h)",
            "strip-prefix = 1 | routes[0].strip-prefix: must be true or false (got: 1)",
            "strip-prefix = [true] | routes[0].strip-prefix: expected a boolean, not a list (got: [true])",
            "heartbeat { s = 1 } | routes[0].heartbeat: expected a duration, not an object (got: {s=1})",
            "max-event-size = [1] | routes[0].max-event-size: expected a size, not a list (got: [1])",
            "heartbeat = -1s | routes[0].heartbeat: must not be negative (got: -1s)",
            "heartbeat = 0 | routes[0].heartbeat: must be positive (got: 0)",
            "on-upstream-error = ignore | routes[0].on-upstream-error: must be retry or status (got: ignore)",
            "max-event-size = 1MB | routes[0].max-event-size: " + Sizes.NOT_A_SIZE + " (got: 1MB)",
            "max-event-size = 0 | routes[0].max-event-size: must be positive (got: 0)",
            "timeouts.first-byte = 0ms | routes[0].timeouts.first-byte: must be positive (got: 0ms)",
            "timeouts = 5s | routes[0].timeouts: expected an object (got: 5s)",
            "auth { realm = x } | routes[0].auth.type: missing required key (got: nothing)",
            "auth { type = \"\" } | routes[0].auth.type: must not be empty (got: \"\")",
            "balancer = least | routes[0].balancer: expected an object (got: least)",
            "transforms = [ json ] | routes[0].transforms[0]: expected an object (got: json)",
            "monitors = { type = log } | routes[0].monitors: expected a list (got: {type=log})"})
    void aBadRouteValueIsReportedWithItsPath(String routeKeys, String problem) {
        assertEquals(List.of(problem), problems(ROUTE.formatted(routeKeys)));
    }

    @Test
    void resumeOnEndIsOffUnlessARouteSetsItAndIsCheckedLikeEveryKey() {
        assertEquals(false, load(ROUTE.formatted("")).routes().getFirst().resilience().resume().onEnd());
        ResilienceSettings.Resume resume = load(ROUTE.formatted("resume { on-end = true, max-attempts = 3 }"))
                .routes().getFirst().resilience().resume();
        assertEquals(new ResilienceSettings.Resume(true, 3, Duration.ofMillis(250), Duration.ofSeconds(5), true),
                     resume);
        assertEquals(List.of("routes[0].resume.on-end: must be true or false (got: sometimes)"),
                     problems(ROUTE.formatted("resume.on-end = sometimes")));
        assertEquals(List.of("routes[0].resume.on-ends: unknown key, expected one of: enabled, on-end, max-attempts,"
                             + " backoff (got: true)"),
                     problems(ROUTE.formatted("resume.on-ends = true")));
    }

    @Test
    void unknownKeysAreReportedAtTheTopInARouteAndInTimeouts() {
        assertEquals(List.of("sevrer: unknown key, expected one of: server, demo-upstream, plugins, route-defaults,"
                                     + " routes, limits, drain, admin, reload, broker, channels (got: {port=1})",
                             "routes[0].heartbeet: unknown key, expected one of: id, path, upstreams, strip-prefix,"
                                     + " heartbeat, on-upstream-error, max-event-size, timeouts, auth, balancer,"
                                     + " transforms, monitors, retries, resume, passive-health, health-check, cors, share, long-poll, source"
                                     + " (got: 5s)",
                             "routes[0].timeouts.read: unknown key, expected one of: connect, first-byte,"
                                     + " write-stall (got: 5s)"),
                     problems("""
                             sevrer { port = 1 }
                             routes = [ { id = a, path = /a, upstreams = ["http://h:1"]
                               heartbeet = 5s
                               timeouts { read = 5s } } ]
                             """));
    }

    @Test
    void idsAndPathsMustBeUniqueAcrossRoutes() {
        assertEquals(List.of("routes[1].id: duplicate route id, already used by routes[0] (got: a)",
                             "routes[2].path: duplicate route path, already used by routes[0] (got: /a/)"),
                     problems("""
                             routes = [
                               { id = a, path = /a, upstreams = ["http://h:1"] }
                               { id = a, path = /b, upstreams = ["http://h:1"] }
                               { id = c, path = "/a/", upstreams = ["http://h:1"] }
                             ]
                             """));
    }

    @Test
    void everyProblemIsReportedInFileOrder() {
        assertEquals(List.of("server.port: must be a port number 0-65535 (0 picks a free port) (got: -1)",
                             "zzz: unknown key, expected one of: server, demo-upstream, plugins, route-defaults, routes, limits, drain, admin, reload, broker, channels (got: 1)",
                             "demo-upstream.enabled: must be true or false (got: maybe)",
                             "routes[0].id: must match [a-z0-9-_.]+ (got: A)",
                             "routes[0].path: must start with / (got: x)",
                             "routes[0].upstreams[0]: not an http(s) URL (got: ftp://h)",
                             "routes[0].heartbeat: must be positive (got: 0s)",
                             "routes[1].upstreams: at least one upstream is required (got: [])",
                             "routes[1].timeouts.connect: " + Durations.NOT_A_DURATION + " (got: never)",
                             "routes[1].timeouts.extra: unknown key, expected one of: connect, first-byte,"
                                     + " write-stall (got: 1)",
                             "aaa: unknown key, expected one of: server, demo-upstream, plugins, route-defaults, routes, limits, drain, admin, reload, broker, channels (got: 2)"),
                     problems("""
                             server { port = -1 }
                             zzz = 1
                             demo-upstream { enabled = maybe }
                             routes = [
                               { id = "A", path = "x", upstreams = ["ftp://h"], heartbeat = 0s }
                               { id = b, path = /b, upstreams = []
                                 timeouts {
                                   connect = never
                                   extra = 1
                                 }
                               }
                             ]
                             aaa = 2
                             """));
    }

    @Test
    void theMessageListsEveryProblemUnderTheSource() {
        ConfigException e = assertThrows(ConfigException.class,
                                         () -> load("server.port = x\ndemo-upstream.enabled = no"));
        assertEquals("""
                             invalid configuration <inline config>:
                               - server.port: must be a port number 0-65535 (0 picks a free port) (got: x)
                               - demo-upstream.enabled: must be true or false (got: no)""",
                     e.getMessage());
    }

    @Test
    void substitutionsAreResolvedWithVariablesFromTheGivenEnvironment() {
        String hocon = """
                demo-upstream { port = 9100 }
                server { host = ${?BIND_HOST} }
                routes = [ { id = a, path = /a, upstreams = ["http://127.0.0.1:"${demo-upstream.port}] } ]
                """;
        GatewaySettings withVariable = ConfigLoader.loadString(hocon, HOME, Map.of("BIND_HOST", "127.0.0.1"));
        GatewaySettings without = ConfigLoader.loadString(hocon, HOME, Map.of());

        assertEquals(List.of(URI.create("http://127.0.0.1:9100")), withVariable.routes().getFirst().upstreams());
        assertEquals("127.0.0.1", withVariable.server().host());
        assertEquals("0.0.0.0", without.server().host());
    }

    @Test
    void anUnresolvedSubstitutionIsReported() {
        List<String> problems = problems("server.host = ${NOT_SET}");
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().contains("Could not resolve substitution to a value: ${NOT_SET}"),
                   problems.getFirst());
    }

    @Test
    void quotedDollarBracesStayLiteral() {
        RouteSettings route = load(ROUTE.formatted("transforms = [ { type = t, template = \"${name}\" } ]"))
                .routes().getFirst();
        assertEquals(Optional.of("${name}"), route.transforms().getFirst().config().string("template"));
    }

    @Test
    void includesResolveRelativeToTheIncludingFile() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/config/include/gateway.conf").toURI());

        GatewaySettings settings = ConfigLoader.load(file, HOME, Map.of());

        assertEquals(9000, settings.server().port());
        assertEquals(new DemoUpstreamSettings(false, 9002), settings.demoUpstream());
        assertEquals("included", settings.routes().getFirst().id());
        assertEquals(List.of(URI.create("http://127.0.0.1:9002")), settings.routes().getFirst().upstreams());
    }

    @Test
    void aProblemInAFileNamesTheFileAndItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.conf");
        Files.writeString(file, "server {\n  port = 1\n  host = \n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, HOME, Map.of()));

        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith("invalid configuration " + file + ":\n  - " + file + ": 4:"),
                   e.getMessage());
    }

    @Test
    void aMissingFileIsReported(@TempDir Path dir) {
        Path file = dir.resolve("nope.conf");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, HOME, Map.of()));

        assertEquals(List.of(file + ": config file not found or not readable"), e.problems());
    }

    @Test
    void environmentVariablesOverrideKeysInTheFileAndDefaults() {
        GatewaySettings settings = ConfigLoader.loadString(
                "server.port = 8000\n" + ROUTE.formatted(""), HOME,
                Map.of("SERVER_PORT", "9000", "SERVER_SHUTDOWN_TIMEOUT", "3s", "DEMO_UPSTREAM_ENABLED", "false",
                       "ROUTES_0_HEARTBEAT", "5s", "ROUTES_0_TIMEOUTS_FIRST_BYTE", "1s", "PLUGINS_DIR", "ext",
                       "ADMIN_PORT", "9300"));

        assertEquals(new ServerSettings("0.0.0.0", 9000, Duration.ofSeconds(3)), settings.server());
        assertEquals(false, settings.demoUpstream().enabled());
        assertEquals(HOME.resolve("ext"), settings.pluginsDir());
        assertEquals(Duration.ofSeconds(5), settings.routes().getFirst().heartbeat());
        assertEquals(Duration.ofSeconds(1), settings.routes().getFirst().timeouts().firstByte());
        assertEquals(9300, settings.admin().port());
    }

    @Test
    void unrelatedEnvironmentVariablesAreNotUnknownKeys() {
        GatewaySettings settings = ConfigLoader.loadString(
                ROUTE.formatted("auth { type = bearer }"), HOME,
                Map.of("PATH", "/usr/bin", "HOME", "/root", "SERVER_SOFTWARE", "x", "ROUTES_0_BOGUS", "1",
                       "ROUTES_0_AUTH_EXTRA", "2", "DEMO_UPSTREAM_COLOR", "red"));

        assertEquals(List.of(), ((PluginConfigView) settings.routes().getFirst().auth().orElseThrow().config())
                .unreadKeyProblems());
    }

    @Test
    void aBadEnvironmentValueIsReportedAtTheKeyItOverrides() {
        ConfigException e = assertThrows(ConfigException.class,
                                         () -> ConfigLoader.loadString("", HOME, Map.of("SERVER_PORT", "abc")));
        assertEquals(List.of("server.port: must be a port number 0-65535 (0 picks a free port) (got: abc)"),
                     e.problems());
    }

    @Test
    void pluginKeysCanComeFromTheEnvironment() {
        PluginRef auth = ConfigLoader.loadString(ROUTE.formatted("auth { type = bearer, secret = file }"), HOME,
                                                 Map.of("ROUTES_0_AUTH_SECRET", "from-env",
                                                        "ROUTES_0_AUTH_AUDIENCE", "gw"))
                .routes().getFirst().auth().orElseThrow();

        assertEquals(Optional.of("from-env"), auth.config().string("secret"));
        assertEquals(Optional.of("gw"), auth.config().string("audience"));
        assertEquals(Set.of("secret"), auth.config().keys());
    }

    @Test
    void everyRouteInheritsRouteDefaultsAndMayOverrideThem() {
        List<RouteSettings> routes = load("""
                route-defaults {
                  heartbeat = 5s
                  timeouts { connect = 1s, first-byte = 2s }
                  resume { max-attempts = 9, backoff { max = 9s } }
                  monitors = [ { type = access-log }, { type = metrics } ]
                  balancer { type = round-robin }
                }
                routes = [
                  { id = plain, path = /a, upstreams = ["http://h:1"] }
                  { id = own, path = /b, upstreams = ["http://h:1"]
                    heartbeat = 7s
                    timeouts { first-byte = 3s }
                    resume { backoff { initial = 1s } }
                    monitors = [ { type = access-log } ]
                    balancer { type = hash, key = ip } }
                  { id = more, path = /c, upstreams = ["http://h:1"]
                    monitors = ${route-defaults.monitors} [ { type = audit } ] }
                ]
                """).routes();
        RouteSettings plain = routes.get(0);
        assertEquals(Duration.ofSeconds(5), plain.heartbeat());
        assertEquals(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(60)),
                     plain.timeouts());
        assertEquals(9, plain.resilience().resume().maxAttempts());
        assertEquals(Duration.ofSeconds(9), plain.resilience().resume().backoffMax());
        assertEquals(List.of("access-log", "metrics"), plain.monitors().stream().map(PluginRef::type).toList());
        assertEquals("round-robin", plain.balancer().orElseThrow().type());

        RouteSettings own = routes.get(1);
        assertEquals(Duration.ofSeconds(7), own.heartbeat());
        assertEquals(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(60)),
                     own.timeouts(), "an object merges key by key");
        assertEquals(9, own.resilience().resume().maxAttempts());
        assertEquals(Duration.ofSeconds(1), own.resilience().resume().backoffInitial());
        assertEquals(Duration.ofSeconds(9), own.resilience().resume().backoffMax());
        assertEquals(List.of("access-log"), own.monitors().stream().map(PluginRef::type).toList(),
                     "a list replaces the default one");
        assertEquals("hash", own.balancer().orElseThrow().type());
        assertEquals(Set.of("key"), own.balancer().orElseThrow().config().keys(), "a plugin object replaces it whole");

        assertEquals(List.of("access-log", "metrics", "audit"),
                     routes.get(2).monitors().stream().map(PluginRef::type).toList());
    }

    @Test
    void theDemoRouteInheritsRouteDefaultsToo() {
        RouteSettings demo = load("route-defaults { heartbeat = 4s, monitors = [ { type = metrics } ] }")
                .routes().getFirst();
        assertEquals("events", demo.id());
        assertEquals(Duration.ofSeconds(4), demo.heartbeat());
        assertEquals(List.of("metrics"), demo.monitors().stream().map(PluginRef::type).toList());
    }

    @Test
    void aProblemInRouteDefaultsIsReportedOnceWhereItIsWritten() {
        assertEquals(List.of("route-defaults.heartbeat: must be positive (got: 0)",
                             "route-defaults.id: unknown key, expected one of: strip-prefix, heartbeat,"
                                     + " on-upstream-error, max-event-size, timeouts, auth, balancer, transforms,"
                                     + " monitors, retries, resume, passive-health, health-check, cors, share, long-poll (got: x)",
                             "route-defaults.timeouts.read: unknown key, expected one of: connect, first-byte,"
                                     + " write-stall (got: 1s)",
                             "route-defaults.monitors[0].type: missing required key (got: nothing)",
                             "routes[1].timeouts.connect: must be positive (got: 0)"),
                     problems("""
                             route-defaults {
                               heartbeat = 0
                               id = x
                               timeouts { read = 1s }
                               monitors = [ { name = metrics } ]
                             }
                             routes = [
                               { id = a, path = /a, upstreams = ["http://h:1"] }
                               { id = b, path = /b, upstreams = ["http://h:1"], timeouts { connect = 0 } }
                             ]
                             """));
    }

    @Test
    void routeDefaultsMustBeAnObject() {
        assertEquals(List.of("route-defaults: expected an object (got: 5)"),
                     problems("route-defaults = 5\n" + ROUTE_ONE_LINE));
    }

    private static GatewaySettings load(String hocon) {
        return ConfigLoader.loadString(hocon, HOME, Map.of());
    }

    private static List<String> problems(String hocon) {
        return assertThrows(ConfigException.class, () -> load(hocon)).problems();
    }
}

package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.ssegateway.plugin.broker.redis.RedisServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Zero lost events through a rolling restart, on the unzipped distribution: three gateways (one home, a config
 * each: own public and admin ports) behind HAProxy ({@link Haproxy}: health checks on {@code /observe/health/ready},
 * redispatch), a {@link NumberedOrigin} publishing numbered events at a steady rate and honouring
 * {@code Last-Event-ID}, and {@code fleet.clients} {@link EventSourceClient}s per route (a relayed route, a
 * {@code share { }} route and a channel on a real redis-server, {@code broker { type = "redis" }}, whose events a
 * {@link ChannelPublisher} posts through HAProxy with the origin's numbering) connected through HAProxy before the
 * first event. Each gateway in turn gets SIGTERM
 * (it drains: readiness fails, each stream gets {@code retry: 3000} and is closed within the drain window), must
 * exit 0, is started again and must be ready and taken up by HAProxy before the next one goes; {@code fleet.rounds}
 * times over. Then the origin stops at id N, and every client must have got exactly 1..N, in order. It reports per
 * route the reconnects, the longest gap a client saw and the origin's reconnect load (requests with
 * {@code Last-Event-ID}), on stdout and in {@code rolling-restart-report.md} of the test folder.
 *
 * <p>The defaults (drain window 2 s) keep it within ~2 min: 109 s with its three routes at load average 13-17.
 * {@code distribution/fleet/rolling-restart.sh} runs it with the shipped timings and other sizes through the
 * {@code fleet.*} system properties.
 *
 * <p>A route kind is one {@link FleetRoute} in {@link #ROUTES}: its HOCON (given the origin's URL) and the path its
 * clients open. A route whose events do not come from the origin's streams (a channel a publisher posts to) also
 * hooks its publisher to {@link NumberedOrigin#onPublish} so that its ids follow the same numbering.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RollingRestartIT extends OnTheUnzippedZip {
    private static final int GATEWAYS = 3;
    private static final int CLIENTS = Integer.getInteger("fleet.clients", 500);
    private static final int ROUNDS = Integer.getInteger("fleet.rounds", 2);
    private static final int DRAIN_WINDOW_SECONDS = Integer.getInteger("fleet.drain-window-seconds", 2);
    private static final int SHUTDOWN_TIMEOUT_SECONDS = Integer.getInteger("fleet.shutdown-timeout-seconds", 2);
    private static final int EVENTS_PER_SECOND = Integer.getInteger("fleet.events-per-second", 10);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    /** Where a route under test is configured: {@code routes} (events from the origin) or {@code channels}. */
    enum Section {
        /** A route in {@code routes = [...]}: its clients' events come from the origin. */
        ROUTES,
        /** A channel in {@code channels = [...]}: its events are posted to the gateway by the publisher. */
        CHANNELS
    }

    /**
     * A route under test: its id, the path its clients open, its HOCON object with %1$s for the origin's URL, and the
     * section it is configured in.
     */
    record FleetRoute(String id, String clientPath, String hocon, Section section) {
    }

    static final List<FleetRoute> ROUTES = List.of(
            new FleetRoute("relayed", "/relayed/feed", """
                    { id = "relayed", path = "/relayed", upstreams = ["%1$s"], heartbeat = 5s }""", Section.ROUTES),
            new FleetRoute("shared", "/shared/feed", """
                    { id = "shared", path = "/shared", upstreams = ["%1$s"], heartbeat = 5s, share { } }""",
                          Section.ROUTES),
            new FleetRoute("channel", "/channel", """
                    { id = "channel", path = "/channel", heartbeat = 5s, history { events = 20000, age = 1h },
                      publish { auth = none } }""", Section.CHANNELS));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void everyClientGetsEveryIdOnceInOrderWhileEachGatewayIsRestartedTwice() throws Exception {
        assumeTrue(Files.isExecutable(Haproxy.BINARY),
                   Haproxy.BINARY + " is missing (Debian package haproxy; .ci/run installs it): skipped");
        List<EventSourceClient> all = new ArrayList<>();
        // closed in reverse order: the clients first (also when the test fails), then their threads are awaited
        try (NumberedOrigin origin = NumberedOrigin.start();
             RedisServer redis = RedisServer.withAppendOnlyFile();
             ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
             AutoCloseable stopClients = () -> all.forEach(EventSourceClient::close)) {
            List<Member> fleet = new ArrayList<>();
            for (int i = 1; i <= GATEWAYS; i++) {
                fleet.add(Member.configure(work, "gateway-" + i, origin.baseUrl(), redis.uri()));
            }
            Map<String, String> env = withStartUpCache(work.resolve("cache"));
            fleet.getFirst().warmUpCache(gateways, http, env);
            for (Member member : fleet) {
                member.start(gateways, env);
            }
            for (Member member : fleet) {
                member.awaitReady(http);
            }
            int port = FreePort.pick();
            int statsPort = FreePort.pick();
            List<Haproxy.Server> servers = fleet.stream()
                    .map(member -> new Haproxy.Server(member.name, member.port, member.adminPort)).toList();
            try (Haproxy haproxy = Haproxy.start(work.resolve("haproxy"),
                                                 Haproxy.config(port, statsPort, CHECK_INTERVAL, servers),
                                                 statsPort)) {
                for (Member member : fleet) {
                    haproxy.awaitUp(member.name, READY_LIMIT);
                }
                Map<FleetRoute, List<EventSourceClient>> clients = new LinkedHashMap<>();
                InetSocketAddress front = new InetSocketAddress("127.0.0.1", port);
                ChannelPublisher publisher = new ChannelPublisher(front, "/channel");
                origin.onPublish(publisher::publish);
                for (FleetRoute route : ROUTES) {
                    List<EventSourceClient> ofRoute = new ArrayList<>();
                    for (int i = 0; i < CLIENTS; i++) {
                        EventSourceClient client = new EventSourceClient(front, route.clientPath());
                        ofRoute.add(client);
                        all.add(client);
                        clientThreads.submit(client);
                    }
                    clients.put(route, ofRoute);
                }
                Await.until(Duration.ofSeconds(60), () -> all.stream().allMatch(EventSourceClient::answered),
                            () -> all.stream().filter(c -> !c.answered()).count() + " clients got no answer");

                origin.publish(Duration.ofNanos(TimeUnit.SECONDS.toNanos(1) / EVENTS_PER_SECOND));
                long started = System.nanoTime();
                awaitPublished(origin, EVENTS_PER_SECOND);
                List<Restart> restarts = new ArrayList<>();
                for (int round = 1; round <= ROUNDS; round++) {
                    for (Member member : fleet) {
                        restarts.add(member.restart(gateways, http, haproxy, env));
                    }
                }
                awaitPublished(origin, origin.published() + EVENTS_PER_SECOND);
                Map<FleetRoute, Integer> originStreams = new LinkedHashMap<>();
                ROUTES.forEach(route -> originStreams.put(route, origin.load(route.clientPath()).open()));
                int last = origin.published() + 1;
                origin.finishAt(last);
                Duration catchUp = Duration.ofSeconds(30 + DRAIN_WINDOW_SECONDS);
                Await.until(catchUp, () -> all.stream().allMatch(c -> c.lastId() >= last),
                            () -> all.stream().filter(c -> c.lastId() < last).count()
                                    + " clients did not reach id " + last);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                all.forEach(EventSourceClient::close);
                clientThreads.shutdown();
                clientThreads.awaitTermination(10, TimeUnit.SECONDS);

                String report = report(clients, origin, originStreams, publisher, restarts, last, seconds);
                System.out.println(report);
                Files.writeString(reportFile(), report);
                Files.copy(haproxy.log(), reportFile().resolveSibling("rolling-restart-haproxy.log"),
                           StandardCopyOption.REPLACE_EXISTING);
                assertEquals("", publisher.failures(), "the channel's publisher gave up on events\n" + report);
                for (Map.Entry<FleetRoute, List<EventSourceClient>> route : clients.entrySet()) {
                    assertEquals("", wrongIds(route.getValue(), last),
                                 route.getKey().id() + ": clients whose ids are not exactly 1.." + last + "\n"
                                         + report);
                    assertEquals(0, route.getValue().stream().mapToInt(EventSourceClient::refusals).sum(),
                                 route.getKey().id() + ": answers other than 200 text/event-stream (a browser's "
                                         + "EventSource gives up on them)\n" + report);
                }
            }
        }
    }

    /**
     * The test's environment with the launcher's AOT cache on, in {@code cacheDir}: a user's restarted gateway has
     * its cache from the first start, and a start takes a third of the CPU then.
     */
    private static Map<String, String> withStartUpCache(Path cacheDir) {
        Map<String, String> env = ChildEnvironment.withTestJdk();
        env.remove("SSE_GATEWAY_AOT");
        env.put("SSE_GATEWAY_CACHE_DIR", cacheDir.toString());
        return env;
    }

    private static void awaitPublished(NumberedOrigin origin, int id) throws IOException, InterruptedException {
        Await.until(Duration.ofSeconds(30), () -> origin.published() >= id,
                    () -> "the origin published only up to " + origin.published() + ", not " + id);
    }

    /** The clients whose ids are not exactly 1..last, each with what is wrong; empty when all are right. */
    private static String wrongIds(List<EventSourceClient> clients, int last) {
        StringBuilder wrong = new StringBuilder();
        int bad = 0;
        for (int c = 0; c < clients.size(); c++) {
            int[] ids = clients.get(c).ids();
            int at = 0;
            while (at < ids.length && at < last && ids[at] == at + 1) {
                at++;
            }
            if (at == last && ids.length == last) {
                continue;
            }
            if (bad++ < 5) {
                wrong.append("client ").append(c).append(": ").append(ids.length)
                        .append(" ids, the first wrong one at ")
                        .append(at).append(": ")
                        .append(Arrays.toString(Arrays.copyOfRange(ids, Math.max(0, at - 3),
                                                                   Math.min(ids.length, at + 4))))
                        .append('\n');
            }
        }
        return bad == 0 ? "" : bad + " of " + clients.size() + " clients\n" + wrong;
    }

    private static String report(Map<FleetRoute, List<EventSourceClient>> clients, NumberedOrigin origin,
                                 Map<FleetRoute, Integer> originStreams, ChannelPublisher publisher,
                                 List<Restart> restarts, int last, long seconds) {
        StringBuilder text = new StringBuilder();
        text.append("Rolling restart: %d gateways behind HAProxy, each restarted %d times (SIGTERM, drain window %d s, "
                            .formatted(GATEWAYS, ROUNDS, DRAIN_WINDOW_SECONDS))
                .append("shutdown timeout %d s); %d clients per route; %d events at %d/s over %d s%n%n"
                                .formatted(SHUTDOWN_TIMEOUT_SECONDS, CLIENTS, last, EVENTS_PER_SECOND, seconds));
        text.append("| route | clients with every id once, in order | reconnects (most by one client) | longest gap a "
                            + "client saw | origin requests with Last-Event-ID (peak per second) | origin requests "
                            + "without | origin streams open after the restarts |\n|---|---|---|---|---|---|---|\n");
        for (Map.Entry<FleetRoute, List<EventSourceClient>> route : clients.entrySet()) {
            List<EventSourceClient> ofRoute = route.getValue();
            long right = ofRoute.stream().filter(c -> wrongIds(List.of(c), last).isEmpty()).count();
            int reconnects = ofRoute.stream().mapToInt(EventSourceClient::reconnects).sum();
            int most = ofRoute.stream().mapToInt(EventSourceClient::reconnects).max().orElse(0);
            long gap = ofRoute.stream().mapToLong(EventSourceClient::longestGapMillis).max().orElse(0);
            text.append("| %s | %d / %d | %d (%d) | %.1f s |".formatted(
                    route.getKey().id(), right, ofRoute.size(), reconnects, most, gap / 1000.0));
            if (route.getKey().section() == Section.CHANNELS) {
                text.append(" - | - | - |\n");   // read from Redis, never from the origin
            } else {
                NumberedOrigin.Load load = origin.load(route.getKey().clientPath());
                text.append(" %d (%d) | %d | %d |%n".formatted(
                        load.withLastEventId(), load.peakWithLastEventIdPerSecond(), load.fresh(),
                        originStreams.get(route.getKey())));
            }
        }
        text.append("\nchannel publisher (POSTs through HAProxy): ").append(publisher.summary()).append('\n');
        for (Map.Entry<FleetRoute, List<EventSourceClient>> route : clients.entrySet()) {
            Map<String, Long> refusals = route.getValue().stream().filter(c -> c.refusals() > 0)
                    .collect(Collectors.groupingBy(EventSourceClient::firstRefusal, Collectors.counting()));
            if (!refusals.isEmpty()) {
                text.append(("\n%s: answers other than 200 text/event-stream: %d "
                                     + "(clients by their first such answer: %s)")
                                    .formatted(route.getKey().id(), route.getValue().stream()
                                            .mapToInt(EventSourceClient::refusals).sum(), refusals));
            }
        }
        text.append("\nrestarts (gateway: SIGTERM to exit, start to ready in HAProxy): ")
                .append(restarts.stream().map(Restart::toString).collect(Collectors.joining(", ")))
                .append('\n');
        return text.toString();
    }

    private static Path reportFile() throws IOException {
        Path folder = Path.of(System.getProperty("sse.gateway.test.dir", "target"));
        Files.createDirectories(folder);
        return folder.resolve("rolling-restart-report.md");
    }

    /** One restart of one gateway: how long it took to exit after SIGTERM, and to be taken up again. */
    record Restart(String gateway, Duration exit, Duration up) {
        @Override
        public String toString() {
            return "%s %.1f s + %.1f s".formatted(gateway, exit.toMillis() / 1000.0, up.toMillis() / 1000.0);
        }
    }

    /** One gateway of the fleet: its config (own ports), and the process now running it. */
    private static final class Member {
        private final String name;
        private final Path folder;
        private final Path config;
        private final int port;
        private final int adminPort;
        private RunningGateway gateway;
        private int starts;

        private Member(String name, Path folder, Path config, int port, int adminPort) {
            this.name = name;
            this.folder = folder;
            this.config = config;
            this.port = port;
            this.adminPort = adminPort;
        }

        static Member configure(Path work, String name, String originUrl, String redisUri) throws IOException {
            int port = FreePort.pick();
            int adminPort = FreePort.pick();
            Path folder = work.resolve(name);
            Files.createDirectories(folder);
            String routes = ROUTES.stream().filter(route -> route.section() == Section.ROUTES)
                    .map(route -> route.hocon().formatted(originUrl))
                    .collect(Collectors.joining("\n  ", "[\n  ", "\n]"));
            String channels = ROUTES.stream().filter(route -> route.section() == Section.CHANNELS)
                    .map(FleetRoute::hocon).collect(Collectors.joining("\n  ", "[\n  ", "\n]"));
            Path config = folder.resolve("gateway.conf");
            Files.writeString(config, """
                    server { host = "127.0.0.1", port = %d, shutdown-timeout = %ds }
                    admin { host = "127.0.0.1", port = %d }
                    demo-upstream { enabled = false }
                    drain { window = %ds }
                    routes = %s
                    channels = %s
                    broker { type = "redis", uri = "%s" }
                    """.formatted(port, SHUTDOWN_TIMEOUT_SECONDS, adminPort, DRAIN_WINDOW_SECONDS, routes, channels,
                                  redisUri));
            return new Member(name, folder, config, port, adminPort);
        }

        /** Starts the gateway with {@code env} (its output in a folder per start); returns at once. */
        void start(GatewayProcesses gateways, Map<String, String> env) throws IOException, InterruptedException {
            starts++;
            Path run = folder.resolve("start-" + starts);
            Files.createDirectories(run);
            gateway = gateways.start(run, List.of("--config", config.toString()), env);
        }

        /**
         * One start and clean stop before the fleet starts, as a user's first start: on Java 25+ the launcher
         * records the AOT cache and writes it after the exit; every later start uses it.
         */
        void warmUpCache(GatewayProcesses gateways, HttpClient http, Map<String, String> env)
                throws IOException, InterruptedException {
            start(gateways, env);
            awaitReady(http);
            assertEquals(0, gateway.terminate(Duration.ofSeconds(120)), name + " after SIGTERM\n" + gateway.output());
        }

        /** Waits until its admin port says ready (200 on /observe/health/ready). */
        void awaitReady(HttpClient http) throws IOException, InterruptedException {
            gateway.awaitPort(port, READY_LIMIT);
            HttpRequest ready = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/observe/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            Await.until(READY_LIMIT, () -> {
                try {
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, () -> name + " did not become ready\n" + gateway.output());
        }

        /** SIGTERM, which must end in exit status 0 within drain window + shutdown timeout; then a new start. */
        Restart restart(GatewayProcesses gateways, HttpClient http, Haproxy haproxy, Map<String, String> env)
                throws IOException, InterruptedException {
            long stopping = System.nanoTime();
            int status = gateway.terminate(Duration.ofSeconds(DRAIN_WINDOW_SECONDS + SHUTDOWN_TIMEOUT_SECONDS + 10));
            assertEquals(0, status, name + " after SIGTERM\n" + gateway.output());
            long stopped = System.nanoTime();
            start(gateways, env);
            awaitReady(http);
            haproxy.awaitUp(name, READY_LIMIT);
            return new Restart(name, Duration.ofNanos(stopped - stopping),
                               Duration.ofNanos(System.nanoTime() - stopped));
        }
    }
}

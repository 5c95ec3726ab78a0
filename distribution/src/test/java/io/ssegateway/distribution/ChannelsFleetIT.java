package io.ssegateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ssegateway.plugin.broker.redis.RedisServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channels across a fleet, on the unzipped distribution: three gateways (A, B, C) with {@code broker { type =
 * "redis" }} on one real redis-server ({@link RedisServer}, with an append-only file) and one channel. Events are
 * published with HTTP POSTs on A (the ids are Redis's, as the 202 answers give them) and read by subscribers on B
 * and C, whose ids are counted at the client: every subscriber gets every event once, in order. A subscriber that
 * leaves B and comes back on C with {@code Last-Event-ID} gets what was published meanwhile, from Redis. While Redis
 * is down, publishes answer 503 with a JSON body, subscribers keep their streams (heartbeats arrive) and get the
 * events published once Redis is back; a fourth gateway started after the outage replays, from Redis alone,
 * everything published before it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ChannelsFleetIT extends OnTheUnzippedZip {
    private static final String PATH = "/channels/news";
    private static final Duration RECEIVE_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(20);
    private static final Pattern IDS = Pattern.compile("\"ids\":\\[(.*)]");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everySubscriberOfEveryInstanceGetsEveryEventOnceInOrderThroughAReconnectAndARedisOutage()
            throws Exception {
        List<Subscriber> subscribers = new ArrayList<>();
        try (RedisServer redis = RedisServer.withAppendOnlyFile();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             AutoCloseable closeSubscribers = () -> subscribers.forEach(Subscriber::close)) {
            int portA = FreePort.pick();
            int portB = FreePort.pick();
            int portC = FreePort.pick();
            List<RunningGateway> fleet = List.of(start("a", portA, redis), start("b", portB, redis),
                                                 start("c", portC, redis));
            List<String> published = new ArrayList<>();
            String startId = publish(portA, "{\"data\":\"start\"}").getFirst();

            List<Subscriber> onB = List.of(new Subscriber(portB, startId), new Subscriber(portB, startId));
            List<Subscriber> onC = List.of(new Subscriber(portC, startId), new Subscriber(portC, startId));
            subscribers.addAll(onB);
            subscribers.addAll(onC);
            subscribers.forEach(threads::submit);
            Await.until(RECEIVE_LIMIT, () -> subscribers.stream().allMatch(s -> s.status() == 200),
                        () -> "subscribers' statuses: " + subscribers.stream().map(Subscriber::status).toList());

            for (int n = 1; n <= 40; n++) {
                published.addAll(publish(portA, "{\"data\":\"" + n + "\"}"));
            }
            published.addAll(publish(portA, "[{\"data\":\"41\"},{\"data\":\"42\"},{\"data\":\"43\"}]"));
            awaitAll(subscribers, published, fleet);
            for (Subscriber subscriber : subscribers) {
                assertEquals(published, subscriber.ids(), "every event once, in order, on B and C");
            }

            // one subscriber leaves B; 20 events later it comes back on C with its last id
            Subscriber leaving = onB.getFirst();
            leaving.close();
            subscribers.remove(leaving);
            for (int n = 44; n <= 63; n++) {
                published.addAll(publish(portA, "{\"data\":\"" + n + "\"}"));
            }
            Subscriber back = new Subscriber(portC, leaving.ids().getLast());
            subscribers.add(back);
            threads.submit(back);
            awaitAll(subscribers, published, fleet);
            List<String> acrossInstances = new ArrayList<>(leaving.ids());
            acrossInstances.addAll(back.ids());
            assertEquals(published, acrossInstances, "left B, came back on C with Last-Event-ID: none lost or "
                                                     + "repeated");

            // Redis down: publishes are refused, subscribers keep their streams with heartbeats
            redis.stop();
            HttpResponse<String> refused = post(portA, "{\"data\":\"during the outage\"}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("application/json", refused.headers().firstValue("Content-Type").orElse("")
                    .split(";")[0], refused.body());
            assertTrue(refused.body().contains("\"error\":\"broker_unavailable\""), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After on " + refused.body());
            List<Integer> heartbeats = subscribers.stream().map(Subscriber::heartbeats).toList();
            Await.until(RECEIVE_LIMIT, () -> {
                for (int i = 0; i < subscribers.size(); i++) {
                    if (subscribers.get(i).heartbeats() < heartbeats.get(i) + 2) {
                        return false;
                    }
                }
                return true;
            }, () -> "heartbeats before the outage " + heartbeats + ", now "
                     + subscribers.stream().map(Subscriber::heartbeats).toList());
            subscribers.forEach(s -> assertFalse(s.ended(), "a subscriber's stream ended in the outage: " + s));

            // Redis back: publishing works again, the same streams go on
            redis.restart();
            List<String> firstAfter = null;
            long deadline = System.nanoTime() + RECEIVE_LIMIT.toNanos();
            while (firstAfter == null) {
                HttpResponse<String> answer = post(portA, "{\"data\":\"64\"}");
                if (answer.statusCode() == 202) {
                    firstAfter = ids(answer.body());
                } else {
                    assertEquals(503, answer.statusCode(), answer.body());
                    assertTrue(System.nanoTime() < deadline, "publishing still refused after Redis came back: "
                                                             + answer.body());
                    TimeUnit.MILLISECONDS.sleep(100); // polling for Redis to be reached again
                }
            }
            published.addAll(firstAfter);
            for (int n = 65; n <= 80; n++) {
                published.addAll(publish(portA, "{\"data\":\"" + n + "\"}"));
            }
            awaitAll(subscribers, published, fleet);
            for (Subscriber subscriber : subscribers) {
                if (subscriber != back) {
                    assertEquals(published, subscriber.ids(), "the same stream through the outage: " + subscriber);
                }
                assertFalse(subscriber.ended(), "its stream was kept: " + subscriber);
            }
            assertEquals(published.subList(published.indexOf(leaving.ids().getLast()) + 1, published.size()),
                         back.ids());

            // a gateway started now has only Redis to replay from: everything published is there
            int portD = FreePort.pick();
            RunningGateway gatewayD = start("d", portD, redis);
            Subscriber onD = new Subscriber(portD, startId);
            subscribers.add(onD);
            threads.submit(onD);
            awaitAll(List.of(onD), published, List.of(gatewayD));
            assertEquals(published, onD.ids(), "replayed from Redis after its restart: nothing lost");

            subscribers.forEach(Subscriber::close);
            for (RunningGateway gateway : List.of(fleet.get(0), fleet.get(1), fleet.get(2), gatewayD)) {
                assertEquals(0, gateway.terminate(STOP_LIMIT), "exit status after SIGTERM\n" + gateway.output());
            }
        }
    }

    private RunningGateway start(String name, int port, RedisServer redis) throws IOException, InterruptedException {
        Path folder = work.resolve(name);
        Files.createDirectories(folder);
        Path config = folder.resolve("gateway.conf");
        Files.writeString(config, """
                server { host = "127.0.0.1", port = %d, shutdown-timeout = 2s }
                admin { port = 0 }
                demo-upstream { enabled = false }
                drain { window = 1s }
                routes = [ { id = "unused", path = "/unused", upstreams = ["http://127.0.0.1:9"] } ]
                channels = [
                  { id = "news", path = "%s", heartbeat = 1s, history { events = 1000, age = 10m }
                    publish { auth = none } }
                ]
                broker { type = "redis", uri = "%s", command-timeout = 1s, connect-timeout = 1s }
                """.formatted(port, PATH, redis.uri()));
        return gateways.start(folder, config, port);
    }

    /** Waits until each subscriber has the last event published, or fails saying who has not. */
    private static void awaitAll(List<Subscriber> subscribers, List<String> published, List<RunningGateway> fleet)
            throws IOException, InterruptedException {
        Await.until(RECEIVE_LIMIT, () -> subscribers.stream().allMatch(s -> s.ids().contains(published.getLast())),
                    () -> {
                        StringBuilder text = new StringBuilder("published " + published.size() + " events; "
                                                               + "subscribers have " + subscribers + "\n");
                        for (RunningGateway gateway : fleet) {
                            text.append(gateway.output());
                        }
                        return text.toString();
                    });
    }

    /** POSTs {@code json} to the channel on {@code port}; must be 202; returns the ids it answers. */
    private List<String> publish(int port, String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = post(port, json);
        assertEquals(202, answer.statusCode(), answer.body());
        return ids(answer.body());
    }

    private HttpResponse<String> post(int port, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The ids of a 202 answer {@code {"channel":"news","ids":["...", ...]}}. */
    private static List<String> ids(String body) {
        Matcher ids = IDS.matcher(body);
        assertTrue(ids.find(), "no ids in " + body);
        return Pattern.compile(",").splitAsStream(ids.group(1)).map(id -> id.substring(1, id.length() - 1))
                .toList();
    }

    /**
     * One SSE subscriber on its own HTTP client, read on its own thread: the id of each event, in order, and the
     * heartbeats (comment lines). It does not reconnect: a stream that ended is noted.
     */
    private static final class Subscriber implements Runnable {
        private final HttpClient client = HttpClient.newHttpClient();
        private final int port;
        private final String lastEventId;
        private final List<String> ids = new CopyOnWriteArrayList<>();
        private final AtomicInteger heartbeats = new AtomicInteger();
        private volatile int status;
        private volatile boolean ended;
        private volatile boolean closed;
        private volatile String failure = "";

        Subscriber(int port, String lastEventId) {
            this.port = port;
            this.lastEventId = lastEventId;
        }

        @Override
        public void run() {
            HttpRequest request = SseStreams.request(port, PATH).header("Last-Event-ID", lastEventId).build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                                                                                     StandardCharsets.UTF_8))) {
                    String id = "";
                    boolean data = false;
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.isEmpty()) {
                            if (data) {
                                ids.add(id);
                            }
                            data = false;
                        } else if (line.startsWith(":")) {
                            heartbeats.incrementAndGet();
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).strip();
                        } else if (line.startsWith("data:")) {
                            data = true;
                        }
                    }
                }
            } catch (IOException | InterruptedException e) {
                if (!closed) {
                    failure = e.toString();
                }
            } finally {
                ended = !closed;
            }
        }

        int status() {
            return status;
        }

        List<String> ids() {
            return List.copyOf(ids);
        }

        int heartbeats() {
            return heartbeats.get();
        }

        /** True when its stream ended or broke while it was not closed. */
        boolean ended() {
            return ended;
        }

        void close() {
            closed = true;
            client.shutdownNow();
        }

        @Override
        public String toString() {
            return "port " + port + ": " + ids.size() + " ids, " + heartbeats + " heartbeats"
                   + (ended ? ", ended " + failure : "");
        }
    }
}

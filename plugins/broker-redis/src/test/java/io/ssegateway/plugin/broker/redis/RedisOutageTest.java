package io.ssegateway.plugin.broker.redis;

import io.ssegateway.plugin.testkit.Await;
import io.ssegateway.plugin.testkit.FakePluginConfig;
import io.ssegateway.plugin.testkit.LogCapture;
import io.ssegateway.spi.broker.Broker;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import io.ssegateway.spi.broker.ChannelHistory;
import io.ssegateway.spi.broker.Replay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import redis.clients.jedis.Jedis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis failing under the broker, with a real redis-server: stopped (SIGSTOP, it accepts connections and answers
 * nothing), restarted from its append-only file, not there at all, or refusing the password. Every call then fails
 * with {@link BrokerUnavailableException} in bounded time, naming Redis without its password; a follower goes on from
 * where it was once Redis is back, and nothing Redis kept is lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedisOutageTest {
    private static final ChannelHistory HISTORY = new ChannelHistory(1000, Duration.ofHours(1));
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** What a failing call may take beyond its own timeouts on a loaded 2-core machine. */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aStoppedRedisFailsEachCallWithinTheCommandTimeoutAndAFailedPublishAppendsNothing() throws Exception {
        RedisServer redis = open(RedisServer.start());
        BrokerChannel channel = broker(redis.uri()).channel("news", HISTORY);
        ChannelFollower follower = open(channel.follow(Optional.empty()));
        List<ChannelEvent> before = publishAndRead(channel, follower, "before");

        redis.pause();
        BrokerUnavailableException publish = failsWithin(COMMAND_TIMEOUT.plus(MARGIN),
                                                         () -> channel.publish(List.of(event("during"), event("too"))));
        assertTrue(publish.getMessage().startsWith("redis at redis://127.0.0.1:" + redis.port() + "/0: publish to channel news"),
                   publish.getMessage());
        failsWithin(COMMAND_TIMEOUT.plus(MARGIN), () -> channel.after(before.getFirst().id(), 10));
        failsWithin(COMMAND_TIMEOUT.plus(MARGIN), channel::latest);
        failsWithin(Duration.ofMillis(200).plus(COMMAND_TIMEOUT).plus(MARGIN),
                    () -> follower.next(Duration.ofMillis(200)));

        redis.resume();
        List<ChannelEvent> after = channel.publish(List.of(event("after")));
        assertEquals(after, read(follower, 1), "the follower goes on; the failed publish appended nothing");
        Replay replay = channel.after(before.getFirst().id(), 10);
        assertTrue(replay.found());
        assertEquals(after, replay.events(), "history holds no event of the failed publish");
    }

    @Test
    void aFollowerRetryingAgainstAStoppedRedisLeavesNoConnectionBehind() throws Exception {
        RedisServer redis = open(RedisServer.start());
        Broker broker = broker(redis.uri());
        ChannelFollower follower = open(broker.channel("news", HISTORY).follow(Optional.empty()));
        assertEquals(List.of(), follower.next(Duration.ofMillis(50)));

        redis.pause();
        for (int i = 0; i < 3; i++) {   // the first read times out, the next ones time out opening a connection
            failsWithin(Duration.ofMillis(50).plus(COMMAND_TIMEOUT).plus(MARGIN),
                        () -> follower.next(Duration.ofMillis(50)));
        }
        redis.resume();
        broker.close();   // closes the follower and the pool: no connection of the broker's may stay
        try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            Await.until(() -> admin.clientList().lines().noneMatch(client -> client.contains("name=sse-gateway")),
                        Duration.ofSeconds(5));
        }
    }

    @Test
    void aFollowerResumesAfterARestartAndLosesNothingRedisKept() throws Exception {
        RedisServer redis = open(RedisServer.withAppendOnlyFile());
        BrokerChannel channel = broker(redis.uri()).channel("news", HISTORY);
        ChannelFollower follower = open(channel.follow(Optional.empty()));
        List<ChannelEvent> first = publishAndRead(channel, follower, "1");
        List<ChannelEvent> unread = channel.publish(List.of(event("2"), event("3")));

        redis.stop();
        failsWithin(Duration.ofMillis(200).plus(COMMAND_TIMEOUT).plus(MARGIN),
                    () -> follower.next(Duration.ofMillis(200)));
        failsWithin(COMMAND_TIMEOUT.plus(MARGIN), () -> channel.publish(List.of(event("while down"))));
        failsWithin(COMMAND_TIMEOUT.plus(MARGIN), () -> follower.next(Duration.ofMillis(200)));

        redis.restart();
        assertEquals(unread, read(follower, 2), "what was published before the outage and not yet read");
        // the pooled connections died with the old process: the first publish must still succeed
        List<ChannelEvent> later = publishAndRead(channel, follower, "4");
        Replay replay = channel.after(first.getFirst().id(), 10);
        assertTrue(replay.found());
        assertEquals(List.of(unread.get(0), unread.get(1), later.getFirst()), replay.events());
    }

    @Test
    void aRestartedRedisIsUsedAtOnceThoughThePooledConnectionsDiedWithTheOldOne() throws Exception {
        RedisServer redis = open(RedisServer.withAppendOnlyFile());
        BrokerChannel channel = broker(redis.uri()).channel("news", HISTORY);
        List<ChannelEvent> before = channel.publish(List.of(event("before")));
        // several connections in the pool: readers at once
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(Thread.ofVirtual().start(() -> {
                for (int n = 0; n < 20; n++) {
                    try {
                        channel.latest();
                    } catch (BrokerUnavailableException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(10));
        }

        redis.restart();
        List<ChannelEvent> after = channel.publish(List.of(event("after")));
        assertEquals(Optional.of(after.getFirst()), channel.latest());
        Replay replay = channel.after(before.getFirst().id(), 10);
        assertTrue(replay.found());
        assertEquals(after, replay.events());
    }

    @Test
    void aRedisThatIsNotThereFailsCallsButNotTheStart() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        Broker broker = open(new RedisBrokerFactory().create(FakePluginConfig.of(
                "uri", "redis://127.0.0.1:" + port, "connect-timeout", "500ms")));
        BrokerChannel channel = broker.channel("news", HISTORY);
        BrokerUnavailableException publish = failsWithin(MARGIN, () -> channel.publish(List.of(event("x"))));
        assertEquals("redis at redis://127.0.0.1:" + port + "/0: publish to channel news failed: Failed to connect to "
                     + "127.0.0.1:" + port + ": Connection refused", publish.getMessage());
        failsWithin(MARGIN, () -> channel.follow(Optional.empty()));
        failsWithin(MARGIN, () -> channel.after("1-0", 10));
    }

    @Test
    void aPasswordIsUsedAndNeverShown() throws Exception {
        RedisServer redis = open(RedisServer.start("--requirepass", "s3cret-pass"));
        BrokerChannel good = broker("redis://:s3cret-pass@127.0.0.1:" + redis.port()).channel("news", HISTORY);
        List<ChannelEvent> stored = good.publish(List.of(event("authenticated")));
        assertEquals(Optional.of(stored.getFirst()), good.latest());

        Broker fromKey = open(new RedisBrokerFactory().create(FakePluginConfig.of(
                "uri", redis.uri(), "password", "s3cret-pass")));
        assertEquals(Optional.of(stored.getFirst()), fromKey.channel("news", HISTORY).latest());

        Broker wrong = open(new RedisBrokerFactory().create(FakePluginConfig.of(
                "uri", "redis://:wrong-pass@127.0.0.1:" + redis.port(), "command-timeout", "1s")));
        BrokerUnavailableException refused = failsWithin(MARGIN.plusSeconds(1),
                                                         () -> wrong.channel("news", HISTORY).latest());
        assertTrue(refused.getMessage().startsWith("redis at redis://:***@127.0.0.1:" + redis.port() + "/0: "),
                   refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-pass"), refused.getMessage());
        assertFalse(wrong.toString().contains("wrong-pass"), wrong.toString());
        BrokerUnavailableException none = failsWithin(
                MARGIN, () -> broker(redis.uri()).channel("news", HISTORY).publish(List.of(event("x"))));
        assertTrue(none.getMessage().contains("NOAUTH") || none.getMessage().contains("uthentication"),
                   none.getMessage());
    }

    @Test
    void anAclUserLimitedToTheKeyPrefixIsEnough() throws Exception {
        RedisServer redis = open(RedisServer.start("--user", "gateway", "on", ">gw-pass", "~tenant-a:*", "+@all"));
        Broker broker = open(new RedisBrokerFactory().create(FakePluginConfig.of(
                "uri", redis.uri(), "username", "gateway", "password", "gw-pass", "key-prefix", "tenant-a:")));
        BrokerChannel channel = broker.channel("news", HISTORY);
        ChannelFollower follower = open(channel.follow(Optional.empty()));
        List<ChannelEvent> stored = channel.publish(List.of(event("1"), new ChannelEvent("p-1", "tick", "2")));
        assertEquals(stored, read(follower, 2));
        assertEquals(List.of(stored.get(1)), channel.after(stored.get(0).id(), 10).events());

        Broker outside = open(new RedisBrokerFactory().create(FakePluginConfig.of(
                "uri", "redis://gateway:gw-pass@127.0.0.1:" + redis.port(), "key-prefix", "tenant-b:")));
        BrokerUnavailableException denied = failsWithin(
                MARGIN, () -> outside.channel("news", HISTORY).publish(List.of(event("x"))));
        assertTrue(denied.getMessage().startsWith("redis at redis://gateway:***@127.0.0.1:" + redis.port()
                                                  + "/0: publish to channel news failed: NOPERM"), denied.getMessage());
        assertFalse(denied.getMessage().contains("gw-pass"), denied.getMessage());
    }

    @Test
    void normalUseLogsNoWarning() throws Exception {
        RedisServer redis = open(RedisServer.start());
        try (LogCapture jedisLog = LogCapture.of("redis.clients")) {
            BrokerChannel channel = broker(redis.uri()).channel("news", HISTORY);
            ChannelFollower follower = open(channel.follow(Optional.empty()));
            List<ChannelEvent> stored = publishAndRead(channel, follower, "1");
            assertEquals(Optional.of(stored.getFirst()), channel.latest());
            assertEquals(List.of(), jedisLog.atOrAbove(Level.WARNING));
        }
    }

    private Broker broker(String uri) {
        return open(new RedisBrokerFactory().create(FakePluginConfig.of(
                "uri", uri, "command-timeout", COMMAND_TIMEOUT, "connect-timeout", COMMAND_TIMEOUT)));
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static ChannelEvent event(String data) {
        return new ChannelEvent("", "tick", data);
    }

    /** Runs the call, which must throw BrokerUnavailableException within {@code limit}, and returns it. */
    private static BrokerUnavailableException failsWithin(Duration limit, Executable call) {
        long start = System.nanoTime();
        BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(limit) < 0, "failed after " + took + ", allowed " + limit + ": " + e.getMessage());
        return e;
    }

    /** Reads until {@code count} events came, failing after 10 s; a BrokerUnavailableException while Redis comes back
     * is read past, as the gateway does. */
    /** Publishes one event with {@code data} and asserts that the follower reads it, and only it, next. */
    private static List<ChannelEvent> publishAndRead(BrokerChannel channel, ChannelFollower follower, String data)
            throws Exception {
        List<ChannelEvent> stored = channel.publish(List.of(event(data)));
        assertEquals(stored, read(follower, 1));
        return stored;
    }

    private static List<ChannelEvent> read(ChannelFollower follower, int count) throws Exception {
        List<ChannelEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        BrokerUnavailableException last = null;
        while (events.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("read " + events.size() + " of " + count + ": " + events, last);
            }
            try {
                events.addAll(follower.next(Duration.ofMillis(500)));
            } catch (BrokerUnavailableException e) {
                last = e;
            }
        }
        assertEquals(count, events.size(), "more events than published: " + events);
        return events;
    }
}

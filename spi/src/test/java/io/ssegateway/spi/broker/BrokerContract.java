package io.ssegateway.spi.broker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What every {@link Broker} must do, as JUnit tests: extend this class in a broker's tests and implement
 * {@link #newBroker()} (and, when they differ from the defaults, {@link #idOrder()}, {@link #historySlack()} and
 * {@link #instancesShareChannels()}). Covers publishing (ids given and kept, all-or-none batches that never
 * interleave), {@code after} (found, gap, limit), {@code latest}, following (from now, from an id, order under
 * concurrent publishers, every event once, an empty answer in time, close and interrupt unblocking a read), history
 * bounds (count and age) and, for brokers shared by several gateway instances, publishing on one instance and
 * following on two others.
 *
 * <p>It lives in the SPI's test jar ({@code sse-gateway-spi}, classifier {@code tests}, test scope), which depends
 * on the SPI and JUnit only, so that the gateway's built-in memory broker runs it as the plugins' brokers do.
 *
 * <p>Each test uses channels of its own (random names), so a broker over a shared store (one Redis for the test
 * class) needs no cleaning between tests. Followers are read from virtual threads, as the gateway does.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class BrokerContract {
    /** A history large enough that no test but the bound tests reaches it. */
    protected static final ChannelHistory ROOMY = new ChannelHistory(10_000, Duration.ofHours(1));
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();

    /**
     * A new broker instance over the store under test, as a gateway instance would make it. The contract closes it
     * after the test.
     */
    protected abstract Broker newBroker();

    /**
     * How the ids this broker gives compare: the order in which they were given. The default compares them as
     * numbers (a counter).
     */
    protected Comparator<String> idOrder() {
        return Comparator.comparing(Long::parseLong);
    }

    /**
     * How many events beyond {@link ChannelHistory#events()} the broker may keep (a Redis stream trimmed with
     * {@code MAXLEN ~} keeps up to a node of entries more). The default, 0, is an exact bound.
     */
    protected int historySlack() {
        return 0;
    }

    /**
     * Whether two instances from {@link #newBroker()} share their channels (several gateways on one Redis); when
     * true, the multi-instance test runs.
     */
    protected boolean instancesShareChannels() {
        return false;
    }

    /** Closes the followers and brokers the test opened. */
    @AfterEach
    void closeWhatWasOpened() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
    }

    @Test
    void publishGivesEachEventWithoutIdAnIdAndKeepsTheRest() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<ChannelEvent> sent = List.of(event("a"), event("b"), new ChannelEvent("", "", "c"));
        List<ChannelEvent> stored = channel.publish(sent);
        assertEquals(sent.size(), stored.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sent.size(); i++) {
            assertFalse(stored.get(i).id().isEmpty(), "a stored event has an id: " + stored);
            assertEquals(sent.get(i).withId(stored.get(i).id()), stored.get(i));
            ids.add(stored.get(i).id());
        }
        assertEquals(sent.size(), ids.size(), "ids are distinct: " + stored);
    }

    @Test
    void idsTheBrokerGivesGrowInPublishOrder() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            List<ChannelEvent> batch = i % 2 == 0 ? List.of(event("single " + i))
                    : List.of(event("batch " + i + "a"), event("batch " + i + "b"));
            channel.publish(batch).forEach(e -> ids.add(e.id()));
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(idOrder().compare(ids.get(i - 1), ids.get(i)) < 0,
                       "id " + ids.get(i) + " must come after " + ids.get(i - 1) + ": " + ids);
        }
    }

    @Test
    void afterAnIdInHistoryReturnsExactlyTheEventsAfterIt() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<ChannelEvent> stored = channel.publish(List.of(event("1"), event("2"), event("3"), event("4")));
        Replay replay = channel.after(stored.get(1).id(), 100);
        assertTrue(replay.found(), "the id is in history");
        assertEquals(stored.subList(2, 4), replay.events());

        Replay atTheEnd = channel.after(stored.get(3).id(), 100);
        assertTrue(atTheEnd.found());
        assertEquals(List.of(), atTheEnd.events());
    }

    @Test
    void afterReturnsAtMostTheLimitOldestFirst() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<ChannelEvent> stored = channel.publish(List.of(event("1"), event("2"), event("3"), event("4")));
        Replay replay = channel.after(stored.get(0).id(), 2);
        assertTrue(replay.found());
        assertEquals(stored.subList(1, 3), replay.events());
    }

    @Test
    void afterAnUnknownIdIsAGapAndReturnsTheWholeHistory() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<ChannelEvent> stored = channel.publish(List.of(event("1"), event("2"), event("3")));
        Replay replay = channel.after("never-published", 100);
        assertFalse(replay.found(), "an id never published is not found");
        assertEquals(stored, replay.events());

        Replay limited = channel.after("never-published", 2);
        assertFalse(limited.found());
        assertEquals(stored.subList(0, 2), limited.events());

        Replay empty = channel(ROOMY).after("never-published", 10);
        assertFalse(empty.found());
        assertEquals(List.of(), empty.events());
    }

    @Test
    void aPublishersIdIsKeptAndFoundAgain() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<ChannelEvent> stored = channel.publish(List.of(new ChannelEvent("order-17", "order", "{\"n\":17}"),
                                                            event("given an id"),
                                                            new ChannelEvent("order-18", "order", "{\"n\":18}")));
        assertEquals("order-17", stored.get(0).id());
        assertEquals("order-18", stored.get(2).id());

        Replay replay = channel.after("order-17", 10);
        assertTrue(replay.found(), "a publisher's id is found in history");
        assertEquals(stored.subList(1, 3), replay.events());
        assertEquals(List.of(), channel.after("order-18", 10).events());

        ChannelFollower follower = follow(channel, Optional.of("order-17"));
        assertEquals(stored.subList(1, 3), read(follower, 2));
    }

    @Test
    void eventsComeBackExactlyAsPublished() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        ChannelFollower follower = follow(channel, Optional.empty());
        List<ChannelEvent> sent = List.of(new ChannelEvent("", "", ""),
                                          new ChannelEvent("", "multi", "line 1\nline 2\n\nline 4"),
                                          new ChannelEvent("", "unicode", "é ü 日本 😀"),
                                          new ChannelEvent("", "spaces", "  leading and trailing  "),
                                          new ChannelEvent("", "json", "{\"a\":[1,2,{\"b\":null}]}"));
        List<ChannelEvent> stored = channel.publish(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i).withId(stored.get(i).id()), stored.get(i));
        }
        assertEquals(stored, channel.after("never-published", 100).events());
        assertEquals(stored, read(follower, stored.size()));
        assertEquals(Optional.of(stored.getLast()), channel.latest());
    }

    @Test
    void latestIsTheNewestEventOrNothing() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        assertEquals(Optional.empty(), channel.latest());
        channel.publish(List.of(event("1")));
        List<ChannelEvent> stored = channel.publish(List.of(event("2"), event("3")));
        assertEquals(Optional.of(stored.get(1)), channel.latest());
    }

    @Test
    void channelsAreSeparate() throws Exception {
        BrokerChannel news = channel(ROOMY);
        BrokerChannel other = channel(ROOMY);
        ChannelFollower otherFollower = follow(other, Optional.empty());
        news.publish(List.of(event("only on news")));
        assertEquals(Optional.empty(), other.latest());
        assertEquals(List.of(), other.after("never-published", 10).events());
        List<ChannelEvent> onOther = other.publish(List.of(event("only on other")));
        assertEquals(onOther, read(otherFollower, 1));
    }

    @Test
    void aFollowerFromNowGetsOnlyLaterEventsEachOnceInOrder() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        channel.publish(List.of(event("before")));
        ChannelFollower follower = follow(channel, Optional.empty());
        List<ChannelEvent> stored = new ArrayList<>();
        stored.addAll(channel.publish(List.of(event("1"))));
        stored.addAll(channel.publish(List.of(event("2"), event("3"))));
        assertEquals(stored, read(follower, 3));
        List<ChannelEvent> later = channel.publish(List.of(event("4")));
        assertEquals(later, read(follower, 1));
        assertEquals(List.of(), follower.next(Duration.ofMillis(50)), "nothing more: each event once");
    }

    @Test
    void aFollowerFromAnIdReplaysWhatFollowsItThenGoesOnLive() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        List<ChannelEvent> stored = new ArrayList<>(channel.publish(List.of(event("1"), event("2"), event("3"))));
        ChannelFollower follower = follow(channel, Optional.of(stored.get(0).id()));
        stored.addAll(channel.publish(List.of(event("4"))));
        assertEquals(stored.subList(1, 4), read(follower, 3));
    }

    @Test
    void aFollowerFromAnIdNotInHistoryStartsFromNow() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        channel.publish(List.of(event("old")));
        ChannelFollower follower = follow(channel, Optional.of("never-published"));
        List<ChannelEvent> stored = channel.publish(List.of(event("new")));
        assertEquals(stored, read(follower, 1));
    }

    @Test
    void aFollowerOnAnEmptyChannelGetsTheFirstEvents() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        ChannelFollower follower = follow(channel, Optional.empty());
        List<ChannelEvent> stored = channel.publish(List.of(event("first")));
        assertEquals(stored, read(follower, 1));
    }

    @Test
    void nextReturnsNothingWhenNothingCameInTime() throws Exception {
        ChannelFollower follower = follow(channel(ROOMY), Optional.empty());
        long start = System.nanoTime();
        List<ChannelEvent> events = follower.next(Duration.ofMillis(200));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(List.of(), events);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "next(200ms) took " + took);
    }

    @Test
    void closeEndsANextBlockedInAnotherThread() throws Exception {
        ChannelFollower follower = follow(channel(ROOMY), Optional.empty());
        CompletableFuture<List<ChannelEvent>> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> complete(read, () -> follower.next(Duration.ofSeconds(20))));
        awaitBlocked(reader);
        follower.close();
        try {
            assertEquals(List.of(), read.get(5, TimeUnit.SECONDS), "a closed follower's read returns no event");
        } catch (ExecutionException e) {
            // throwing is allowed too, as long as it happens soon
            assertInstanceOf(BrokerUnavailableException.class, e.getCause());
        } catch (TimeoutException e) {
            fail("next() still blocked 5 s after close()");
        }
    }

    @Test
    void interruptingTheReaderEndsNextWithInterruptedException() throws Exception {
        ChannelFollower follower = follow(channel(ROOMY), Optional.empty());
        CompletableFuture<List<ChannelEvent>> read = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> complete(read, () -> follower.next(Duration.ofSeconds(20))));
        awaitBlocked(reader);
        reader.interrupt();
        try {
            read.get(5, TimeUnit.SECONDS);
            fail("next() returned instead of throwing InterruptedException");
        } catch (ExecutionException e) {
            assertInstanceOf(InterruptedException.class, e.getCause());
        } catch (TimeoutException e) {
            fail("next() still blocked 5 s after the interrupt");
        }
    }

    @Test
    void aBatchIsPublishedTogetherNeverInterleavedWithAnother() throws Exception {
        BrokerChannel channel = channel(ROOMY);
        ChannelFollower follower = follow(channel, Optional.empty());
        int publishers = 4;
        int batches = 10;
        int batchSize = 5;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<List<ChannelEvent>>>> results = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            CompletableFuture<List<List<ChannelEvent>>> result = new CompletableFuture<>();
            results.add(result);
            Thread.ofVirtual().start(() -> complete(result, () -> {
                start.await();
                List<List<ChannelEvent>> published = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    List<ChannelEvent> batch = new ArrayList<>();
                    for (int e = 0; e < batchSize; e++) {
                        batch.add(new ChannelEvent("", "p" + publisher, "batch " + b + " event " + e));
                    }
                    published.add(channel.publish(batch));
                }
                return published;
            }));
        }
        start.countDown();
        List<List<ChannelEvent>> allBatches = new ArrayList<>();
        for (CompletableFuture<List<List<ChannelEvent>>> result : results) {
            allBatches.addAll(result.get(20, TimeUnit.SECONDS));
        }
        int total = publishers * batches * batchSize;
        List<ChannelEvent> history = channel.after("never-published", total + 10).events();
        assertEquals(total, history.size(), "every event is in history once");
        assertEquals(history, read(follower, total), "a follower sees history's order");
        Map<String, Integer> position = new TreeMap<>();
        for (int i = 0; i < history.size(); i++) {
            position.put(history.get(i).id(), i);
        }
        for (List<ChannelEvent> batch : allBatches) {
            int first = position.get(batch.getFirst().id());
            assertEquals(batch, history.subList(first, first + batch.size()),
                         "a batch is stored as one run, in its order");
        }
    }

    @Test
    void historyKeepsTheNewestEventsAndDropsOlderOnesBeyondTheCount() throws Exception {
        int keep = 5;
        BrokerChannel channel = channel(new ChannelHistory(keep, Duration.ofHours(1)));
        List<ChannelEvent> stored = new ArrayList<>();
        int total = keep + historySlack() + 50;
        for (int published = 0; published < total; published += 10) {
            List<ChannelEvent> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(event("n" + (published + i)));
            }
            stored.addAll(channel.publish(batch));
        }
        List<ChannelEvent> kept = channel.after("never-published", total).events();
        assertTrue(kept.size() >= keep && kept.size() <= keep + historySlack(),
                   "history holds " + keep + " to " + (keep + historySlack()) + " events, not " + kept.size());
        assertEquals(stored.subList(stored.size() - kept.size(), stored.size()), kept, "the newest ones");
        assertFalse(channel.after(stored.getFirst().id(), 10).found(), "the oldest event is gone");
        Replay newest = channel.after(stored.get(stored.size() - keep - 1).id(), 10);
        assertTrue(newest.found(), "the event before the newest " + keep + " is still there");
        assertEquals(stored.subList(stored.size() - keep, stored.size()), newest.events());
    }

    @Test
    void historyDropsEventsOlderThanTheAge() throws Exception {
        BrokerChannel channel = channel(new ChannelHistory(1000, Duration.ofMillis(300)));
        ChannelEvent old = channel.publish(List.of(event("old"))).getFirst();
        AtomicReference<ChannelEvent> probe = new AtomicReference<>();
        // the broker may trim when it is written to or when it is read: publish a probe each time we look
        awaitUntil(() -> {
            try {
                probe.set(channel.publish(List.of(event("probe"))).getFirst());
                return !channel.after(old.id(), 10).found();
            } catch (BrokerUnavailableException e) {
                throw new AssertionError(e);
            }
        }, Duration.ofSeconds(10));
        assertEquals(Optional.of(probe.get()), channel.latest(), "a fresh event is kept");
    }

    @Test
    void severalInstancesShareChannels() throws Exception {
        Assumptions.assumeTrue(instancesShareChannels(), "this broker's instances do not share channels");
        String name = channelName();
        BrokerChannel publisher = open(newBroker()).channel(name, ROOMY);
        ChannelFollower onB = follow(open(newBroker()).channel(name, ROOMY), Optional.empty());
        ChannelFollower onC = follow(open(newBroker()).channel(name, ROOMY), Optional.empty());
        List<ChannelEvent> stored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            stored.addAll(publisher.publish(i % 3 == 0 ? List.of(event(i + "a"), event(i + "b")) : List.of(event("" + i))));
        }
        assertEquals(stored, read(onB, stored.size()), "instance B sees every event once, in order");
        assertEquals(stored, read(onC, stored.size()), "instance C sees every event once, in order");
        assertEquals(List.of(), onB.next(Duration.ofMillis(50)));
        Replay fromC = open(newBroker()).channel(name, ROOMY).after(stored.get(9).id(), 100);
        assertTrue(fromC.found(), "another instance replays by id");
        assertEquals(stored.subList(10, stored.size()), fromC.events());
    }

    // ---- helpers for subclasses' own tests too

    /** An event without id, of type {@code tick}. */
    protected static ChannelEvent event(String data) {
        return new ChannelEvent("", "tick", data);
    }

    /** A channel with a name of its own on a new broker instance (closed after the test). */
    protected BrokerChannel channel(ChannelHistory history) {
        return open(newBroker()).channel(channelName(), history);
    }

    /** A fresh channel name: letters, digits and dashes. */
    protected static String channelName() {
        return "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Opens a follower, closed after the test. */
    protected ChannelFollower follow(BrokerChannel channel, Optional<String> afterId) throws BrokerUnavailableException {
        return open(channel.follow(afterId));
    }

    /** Registers something to close after the test, and returns it. */
    protected <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** Reads from the follower until {@code count} events came (failing after 10 s), and returns them. */
    protected static List<ChannelEvent> read(ChannelFollower follower, int count) throws Exception {
        List<ChannelEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (events.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                fail("read " + events.size() + " of " + count + " events in " + READ_LIMIT + ": " + events);
            }
            events.addAll(follower.next(Duration.ofMillis(500)));
        }
        assertEquals(count, events.size(), "more events than published: " + events);
        return events;
    }

    /** Waits until the thread is blocked (waiting, parked in I/O), at most 5 s. */
    private static void awaitBlocked(Thread thread) {
        awaitUntil(() -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING
                          || !thread.isAlive(), Duration.ofSeconds(5));
        assertNotEquals(Thread.State.TERMINATED, thread.getState(), "next() returned before it was ended");
    }

    /** Returns once {@code condition} holds, looking every 20 ms; throws an AssertionError after {@code limit}. */
    private static void awaitUntil(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + limit);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Work that may throw, for a thread that completes a future with its result. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> void complete(CompletableFuture<T> future, Work<T> work) {
        try {
            future.complete(work.run());
        } catch (Throwable e) {
            future.completeExceptionally(e);
        }
    }
}

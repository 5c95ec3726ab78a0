package io.ssegateway.gateway.stream;

import io.ssegateway.gateway.config.OnUpstreamError;
import io.ssegateway.gateway.exchange.RelayTest;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.testing.Await;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.spi.monitor.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor with real streams and its real timer: each deadline is acted on at the first tick after it (never
 * before), and a stream is looked at only when one of its deadlines may be due, not at every tick.
 */
@Timeout(20)
class StreamSupervisorTest {
    /** A tick is 100 ms; a loaded machine may run the timer later, so the upper bounds allow for that. */
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long LATE_MS = 1500;
    private final StreamSupervisor supervisor = new StreamSupervisor();
    private final List<StreamState> open = new ArrayList<>();

    @AfterEach
    void stop() {
        open.forEach(supervisor::remove);
        supervisor.close();
    }

    private static Route route(long heartbeatMs, long firstByteMs, long writeStallMs) {
        return new Route(TestGateway.route("events", "/events", Duration.ofMillis(heartbeatMs), OnUpstreamError.RETRY,
                                           RelayTest.timeouts(firstByteMs, writeStallMs), "http://127.0.0.1:1"),
                         null, Optional.empty(), null, List.of(), Monitors.none(), null);
    }

    /** A stream under the supervisor whose upstream answered: it streams. */
    private StreamState streaming(Route route) {
        StreamState s = new StreamState(route, "127.0.0.1");
        supervisor.add(s);
        open.add(s);
        s.connecting(System.nanoTime() + route.settings().timeouts().firstByte().toNanos());
        assertTrue(s.connected());
        return s;
    }

    private void awaitTicks(int n) throws InterruptedException {
        long until = supervisor.ticks() + n;
        Await.until(WAIT, () -> supervisor.ticks() >= until, () -> "supervisor tick " + until);
    }

    @Test
    void aQuietStreamIsLookedAtOnlyWhenOneOfItsDeadlinesMayBeDue() throws Exception {
        Route route = route(60_000, 5000, 60_000);
        int streams = 2000;
        for (int i = 0; i < streams; i++) {
            streaming(route).heartbeat(() -> true);
        }
        awaitTicks(2); // every stream's changes looked at
        long before = supervisor.visits();
        awaitTicks(20); // two seconds: 40,000 visits if every stream were visited at every tick
        long visits = supervisor.visits() - before;
        assertTrue(visits <= streams / 10, visits + " visits of " + streams + " quiet streams in 20 ticks");
    }

    @Test
    void aHeartbeatFollowsSilenceAtTheFirstTickAfterItAndRepeats() throws Exception {
        List<Long> beats = new CopyOnWriteArrayList<>();
        StreamState s = streaming(route(300, 5000, 60_000));
        long silentSince = System.nanoTime();
        s.activity(silentSince);
        s.heartbeat(() -> beats.add(System.nanoTime()));
        Await.until(WAIT, () -> beats.size() >= 2, "two heartbeats");
        long first = TimeUnit.NANOSECONDS.toMillis(beats.get(0) - silentSince);
        long second = TimeUnit.NANOSECONDS.toMillis(beats.get(1) - beats.get(0));
        assertTrue(first >= 300 && first < 300 + LATE_MS, "first heartbeat after " + first + " ms of silence");
        assertTrue(second >= 300 && second < 300 + LATE_MS, "next heartbeat " + second + " ms later");
    }

    @Test
    void activityPutsTheHeartbeatOff() throws Exception {
        List<Long> beats = new CopyOnWriteArrayList<>();
        StreamState s = streaming(route(500, 5000, 60_000));
        s.heartbeat(() -> beats.add(System.nanoTime()));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < end) { // an event every tick: never 500 ms of silence
            s.activity(System.nanoTime());
            awaitTicks(1);
        }
        assertEquals(List.of(), beats);
        Await.until(WAIT, () -> beats.size() == 1, "one heartbeat"); // and once silent, the heartbeat comes
    }

    @Test
    void theHeartbeatCountsFromTheUpstreamsAnswerNotFromTheFirstByteDeadline() throws Exception {
        List<Long> beats = new CopyOnWriteArrayList<>();
        StreamState s = new StreamState(route(300, 30_000, 60_000), "127.0.0.1");
        supervisor.add(s);
        open.add(s);
        s.heartbeat(() -> beats.add(System.nanoTime()));
        s.connecting(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        awaitTicks(2); // the supervisor has the stream down for its first-byte deadline, 30 s away
        long answered = System.nanoTime();
        s.activity(answered);
        assertTrue(s.connected());
        Await.until(WAIT, () -> beats.size() == 1, "one heartbeat");
        long after = TimeUnit.NANOSECONDS.toMillis(beats.get(0) - answered);
        assertTrue(after >= 300 && after < 300 + LATE_MS, "heartbeat " + after + " ms after the answer");
    }

    @Test
    void aConnectPastItsFirstByteDeadlineIsInterrupted() throws Exception {
        StreamState s = new StreamState(route(15_000, 300, 60_000), "127.0.0.1");
        supervisor.add(s);
        open.add(s);
        CompletableFuture<Long> interruptedAfter = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            s.connecting(start + TimeUnit.MILLISECONDS.toNanos(300));
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            }
            interruptedAfter.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertFalse(s.connected(), "the attempt counts as timed out");
        });
        long after = interruptedAfter.get(10, TimeUnit.SECONDS);
        assertTrue(after >= 300 && after < 300 + LATE_MS, "interrupted after " + after + " ms");
    }

    @Test
    void aWriteBlockedPastTheWriteStallAbortsTheStream() throws Exception {
        StreamState s = streaming(route(60_000, 5000, 400));
        CompletableFuture<Long> interruptedAfter = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            s.writeStarted(start); // and never done: the client reads nothing
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            }
            interruptedAfter.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        });
        long after = interruptedAfter.get(10, TimeUnit.SECONDS);
        assertEquals(CloseReason.WRITE_STALL, s.abortReason());
        assertTrue(after >= 400 && after < 400 + LATE_MS, "write cut after " + after + " ms");
    }

    @Test
    void writesThatEndInTimeNeverStall() throws Exception {
        StreamState s = streaming(route(60_000, 5000, 300));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
        while (System.nanoTime() < end) { // a 50 ms write at every tick, for four write-stall periods
            s.writeStarted(System.nanoTime());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            s.writeDone();
            awaitTicks(1);
        }
        assertEquals(null, s.abortReason());
    }

    @Test
    void anEndedStreamIsNoLongerLookedAt() throws Exception {
        List<Long> beats = new CopyOnWriteArrayList<>();
        StreamState s = streaming(route(200, 5000, 60_000));
        s.heartbeat(() -> beats.add(System.nanoTime()));
        Await.until(WAIT, () -> beats.size() == 1, "one heartbeat");
        supervisor.remove(s);
        open.remove(s);
        awaitTicks(1);
        int seen = beats.size();
        long visits = supervisor.visits();
        awaitTicks(10); // five heartbeat intervals
        assertEquals(seen, beats.size());
        assertEquals(visits, supervisor.visits());
    }
}

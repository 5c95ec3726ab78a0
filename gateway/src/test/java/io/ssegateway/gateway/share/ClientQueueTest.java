package io.ssegateway.gateway.share;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ClientQueueTest {
    private static final long NO_WAIT = 0;

    @Test
    void drainToTakesTheReplayedEventsThenEveryQueuedOneInOrderAtOnce() throws Exception {
        ClientQueue queue = new ClientQueue(1 << 20);
        queue.joined(null, List.of(event("1"), event("2")));
        assertTrue(queue.offer(List.of(event("3"), event("4"))));
        assertTrue(queue.offer(event("5")));
        List<SharedEvent> taken = new ArrayList<>();
        assertEquals(5, queue.drainTo(taken, NO_WAIT));
        assertEquals(List.of("1", "2", "3", "4", "5"), taken.stream().map(SharedEvent::id).toList());
        assertEquals(0, queue.queuedBytes());
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.drainTo(taken, 1_000_000), "nothing came: none after the wait");
        assertNull(queue.end());
    }

    @Test
    void aQueueDrainedOfALargeBatchStartsOverSmallAndKeepsTheOrderOfWhatFollows() throws Exception {
        ClientQueue queue = new ClientQueue(1 << 20);
        queue.joined(null, List.of(event("r1"), event("r2")));
        assertEquals("r1", queue.next(NO_WAIT).id(), "replayed events first, one at a time too");
        List<SharedEvent> big = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            big.add(event(Integer.toString(i)));
        }
        assertTrue(queue.offer(big));
        List<SharedEvent> taken = new ArrayList<>();
        assertEquals(101, queue.drainTo(taken, NO_WAIT));
        assertEquals("r2", taken.get(0).id());
        assertEquals("99", taken.get(100).id());
        assertTrue(queue.offer(List.of(event("a"), event("b"))));
        assertEquals("a", queue.next(NO_WAIT).id());
        assertEquals(event("b").size(), queue.queuedBytes());
        taken.clear();
        assertEquals(1, queue.drainTo(taken, NO_WAIT));
        assertEquals("b", taken.get(0).id());
        assertTrue(queue.isEmpty());
    }

    @Test
    void aBatchThatGoesOverMaxQueueEndsTheClientAsSlowOnceAndDropsWhatWaited() throws Exception {
        ClientQueue queue = new ClientQueue(3 * event("1").size());
        AtomicInteger slowCalls = new AtomicInteger();
        queue.onSlow(slowCalls::incrementAndGet);
        assertTrue(queue.offer(List.of(event("1"), event("2"), event("3"))), "exactly max-queue bytes fit");
        assertFalse(queue.offer(List.of(event("4"), event("5"))));
        assertEquals(ClientQueue.End.SLOW, queue.end());
        assertEquals(1, slowCalls.get());
        assertFalse(queue.offer(event("6")), "an ended queue takes nothing");
        assertEquals(0, queue.drainTo(new ArrayList<>(), NO_WAIT));
        assertEquals(1, slowCalls.get());
    }

    @Test
    void anUpstreamEndStillDeliversWhatWaitedAndALeaveWakesAWaitingClient() throws Exception {
        ClientQueue ended = new ClientQueue(1 << 20);
        ended.offer(List.of(event("1")));
        ended.end(ClientQueue.End.UPSTREAM_ENDED);
        List<SharedEvent> taken = new ArrayList<>();
        assertEquals(1, ended.drainTo(taken, NO_WAIT));
        assertEquals(0, ended.drainTo(taken, NO_WAIT));
        assertEquals(ClientQueue.End.UPSTREAM_ENDED, ended.end());

        ClientQueue waiting = new ClientQueue(1 << 20);
        Thread closer = Thread.ofVirtual().start(waiting::close); // before or during the wait: either way it ends it
        assertEquals(0, waiting.drainTo(taken, 60_000_000_000L), "woken by the leave, not the 60 s timeout");
        assertEquals(ClientQueue.End.LEFT, waiting.end());
        closer.join();
    }

    private static SharedEvent event(String id) {
        return new SharedEvent(("id: " + id + "\ndata: x\n\n").getBytes(StandardCharsets.UTF_8), id, id, true, 0);
    }
}

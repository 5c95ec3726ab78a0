package io.ssegateway.gateway.relay;

import io.helidon.common.buffers.DataReader;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.testing.TestGateway;
import io.ssegateway.gateway.upstream.ChunkedBodyReader;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.monitor.StreamMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The passthrough loop over an in-memory chunked body: what one upstream read becomes on the client's stream. */
@Timeout(10)
class PassthroughLoopTest {
    private final List<Integer> eventBytes = new ArrayList<>();
    private final Route route = new Route(null, null, Optional.empty(), null, List.of(),
                                          new Monitors(List.of(new StreamMonitor() {
                                              @Override
                                              public void eventRelayed(StreamInfo s, int bytes, long nanos) {
                                                  eventBytes.add(bytes);
                                              }
                                          }), List.of("test")), null);
    private final Client client = new Client();
    private final List<Integer> clientBytesAtRead = new ArrayList<>();
    private PassthroughLoop loop;

    @Test
    void theEventsOfOneReadLeaveInOneWriteAndOneFlushAndEachIsCounted() {
        String events = "id: 1\ndata: a\n\n" + "id: 2\ndata: bb\n\n" + ": comment\n\n" + "data: c\n\n";
        assertEquals(CloseReason.UPSTREAM_ENDED, relay(true, events));
        assertEquals(events, client.text());
        assertEquals(1, client.writes, "one write for the read");
        assertEquals(List.of(15, 16, 11, 9), eventBytes, "each block is an event of its own size");
        assertEquals("2", loop.resumePoint().lastId());
    }

    @Test
    void aBlockSplitAcrossReadsIsWrittenAlonePastItsStartAndTheRestOfTheReadTogether() {
        assertEquals(CloseReason.UPSTREAM_ENDED,
                     relay(true, "id: 1\ndata: sp", "lit\n\nid: 2\ndata: x\n\nid: 3\ndata: y\n\n"));
        assertEquals("id: 1\ndata: split\n\nid: 2\ndata: x\n\nid: 3\ndata: y\n\n", client.text());
        assertEquals(2, client.writes, "the completed block, then the two that came whole");
        assertEquals(List.of(19, 15, 15), eventBytes);
        assertEquals("3", loop.resumePoint().lastId());
    }

    @Test
    void aStreamsFirstIdAfterABomIsTrackedWhetherItsEventCameInOneReadOrSeveral() {
        String event = "\uFEFFid: 7\ndata: after a BOM\n\n";
        relay(true, event);
        assertEquals("7", loop.resumePoint().lastId(), "in one read");
        client.reset();
        relay(true, event.substring(0, 8), event.substring(8));
        assertEquals("7", loop.resumePoint().lastId(), "across two reads");
        assertEquals(event, client.text(), "the BOM still reaches the client");
    }

    @Test
    void withoutResumeNoIdIsRead() {
        relay(false, "id: 1\ndata: a\n\n");
        assertEquals(null, loop.resumePoint().lastId());
        assertEquals(List.of(15), eventBytes);
    }

    @Test
    void aBlockPastTheCutThroughSizeLeavesAsItArrivesAndIsCountedOnceWithItsFields() {
        String big = "x".repeat(PassthroughLoop.CUT_THROUGH + 4000);
        String[] reads = {"id: 1\ndata: a\n\nid: big\ndata: " + big.substring(0, 9000), big.substring(9000),
                          "\nretry: 250\n\nid: 3\ndata: c\n\n"};
        assertEquals(CloseReason.UPSTREAM_ENDED, relay(true, reads));
        String all = String.join("", reads);
        assertEquals(all, client.text());
        int bigLength = all.indexOf("id: 3") - 15;
        assertEquals(List.of(15, bigLength, 15), eventBytes);
        assertTrue(clientBytesAtRead.get(2) >= 15 + PassthroughLoop.CUT_THROUGH,
                   "most of the big block was written before its end was read (client bytes at each read): " + clientBytesAtRead);
        assertEquals("3", loop.resumePoint().lastId());
        assertEquals(250L, loop.resumePoint().retry());

        relay(true, "data: " + big + "\r\nid: la", "st\r", "\n\r\n");
        assertEquals("last", loop.resumePoint().lastId(), "an id line split across the pieces, CRLF split too");
    }

    @Test
    void aLargeBlockWhoseRestHasArrivedLeavesWholeInOneWrite() {
        String block = "data: " + "x".repeat(PassthroughLoop.CUT_THROUGH * 3) + "\n\n";
        relay(true, block);
        assertEquals(block, client.text());
        assertEquals(1, client.writes, "no cut-through while the rest is already in the socket");
    }

    @Test
    void aSmallBlockSplitAcrossReadsIsStillHeldUntilItEnds() {
        relay(true, "data: " + "x".repeat(PassthroughLoop.CUT_THROUGH - 100), "y\n\n");
        assertEquals(0, clientBytesAtRead.get(1), "nothing written before its end was read");
    }

    @Test
    void aCutThroughBlockLeftUnfinishedTakesOnlyCommentLinesAndNoResume() {
        String big = "data: " + "x".repeat(PassthroughLoop.CUT_THROUGH) + "\n";
        assertEquals(CloseReason.UPSTREAM_ENDED, relay(true, "id: 1\ndata: a\n\n" + big));
        assertEquals("id: 1\ndata: a\n\n" + big, client.text(), "every byte the upstream sent");
        assertFalse(loop.atBlockBoundary(), "the client holds part of an event");
        assertArrayEquals(":\n".getBytes(StandardCharsets.US_ASCII), loop.heartbeat.bytesNow(), "at a line start");
        relay(true, big + "data: y");
        assertNull(loop.heartbeat.bytesNow(), "inside a line nothing may go in");
        relay(true, "data: a\n\n");
        assertTrue(loop.atBlockBoundary());
        assertArrayEquals(":\n\n".getBytes(StandardCharsets.US_ASCII), loop.heartbeat.bytesNow());
    }

    @Test
    void aCutThroughBlockStillEndsTheStreamPastMaxEventSize() {
        eventBytes.clear();
        Route named = new Route(TestGateway.route("events", "/events", "http://127.0.0.1:1"), null, Optional.empty(),
                                null, List.of(), route.monitors(), null); // the stream's end is logged by route
        loop = new PassthroughLoop(new StreamState(named, "127.0.0.1"), client, PassthroughLoop.CUT_THROUGH * 2, true);
        String line = "data: " + "x".repeat(PassthroughLoop.CUT_THROUGH);
        assertEquals(CloseReason.EVENT_TOO_LARGE, loop.run(body(line, line, line, "\n\n")));
        assertEquals(List.of(), eventBytes);
    }

    @Test
    void noHeartbeatGoesInAfterTheHeldBytesOfAnUnfinishedEventOnceTheStreamIsFinished() {
        assertEquals(CloseReason.UPSTREAM_ENDED, relay(true, "id: 1\ndata: a\n\ndata: unfinish"));
        assertTrue(loop.finish(null, true));
        assertTrue(loop.heartbeat.beat(), "a heartbeat due as the response ends is no sign the client is gone");
        // ":\n\n" after the held bytes would make the client dispatch "unfinish:", which the upstream never finished
        assertEquals("id: 1\ndata: a\n\ndata: unfinish", client.text());
    }

    @Test
    void aResumedUpstreamsBlocksAreHeldWholeSoRepeatedIdsAreStillDropped() {
        eventBytes.clear();
        loop = new PassthroughLoop(new StreamState(route, "127.0.0.1"), client, 1 << 20, true);
        String big = "id: 2\ndata: " + "x".repeat(PassthroughLoop.CUT_THROUGH + 10);
        loop.run(body("id: 1\ndata: a\n\n" + big, "\n\n"));
        String first = client.text();
        assertEquals("id: 1\ndata: a\n\n" + big + "\n\n", first);
        loop.run(body(big, "\n\nid: 3\ndata: c\n\n")); // the resumed upstream repeats the big event
        assertEquals(first + "id: 3\ndata: c\n\n", client.text());
        assertEquals("3", loop.resumePoint().lastId());
    }

    /** Relays a chunked body whose socket reads are these strings (one chunk each) and returns why the loop ended. */
    private CloseReason relay(boolean trackIds, String... reads) {
        eventBytes.clear();
        client.reset();
        StreamState stream = new StreamState(route, "127.0.0.1");
        loop = new PassthroughLoop(stream, client, 1 << 20, trackIds);
        return loop.run(body(reads));
    }

    /** A chunked body whose socket reads are these strings, one chunk each; notes the client's bytes at each read. */
    private ChunkedBodyReader body(String... reads) {
        clientBytesAtRead.clear();
        Deque<byte[]> left = new ArrayDeque<>();
        for (String read : reads) {
            byte[] data = read.getBytes(StandardCharsets.UTF_8);
            left.add((Integer.toHexString(data.length) + "\r\n" + read + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        left.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new ChunkedBodyReader(DataReader.create(() -> null),
                                     new Reads(left, () -> clientBytesAtRead.add(client.size())));
    }

    /** An upstream socket: each read returns (up to the buffer) one of the queued socket reads. */
    private static final class Reads extends InputStream {
        private final Deque<byte[]> reads;
        private final Runnable onNext;
        private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

        Reads(Deque<byte[]> reads, Runnable onNext) {
            this.reads = reads;
            this.onNext = onNext;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        /** What is left of the current socket read: it has arrived, the next ones have not. */
        @Override
        public int available() {
            return current.available();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
            onNext.run();
            byte[] next = reads.poll();
            if (next == null) {
                return -1;
            }
            current = new ByteArrayInputStream(next);
            return current.read(b, off, len);
        }
    }

    /** The client's stream: keeps the bytes, counts writes and flushes. */
    private static final class Client extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void reset() {
            super.reset();
            writes = 0;
        }
    }
}

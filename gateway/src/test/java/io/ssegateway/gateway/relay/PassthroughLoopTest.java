package io.ssegateway.gateway.relay;

import io.helidon.common.buffers.DataReader;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.Route;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    private PassthroughLoop loop;

    @Test
    void theEventsOfOneReadLeaveInOneWriteAndOneFlushAndEachIsCounted() {
        String events = "id: 1\ndata: a\n\n" + "id: 2\ndata: bb\n\n" + ": comment\n\n" + "data: c\n\n";
        assertEquals(CloseReason.UPSTREAM_ENDED, relay(true, events));
        assertEquals(events, client.text());
        assertEquals(1, client.writes, "one write for the read");
        assertEquals(List.of(15, 16, 11, 9), eventBytes, "each block is an event of its own size");
        assertEquals("2", loop.lastRelayedId());
    }

    @Test
    void aBlockSplitAcrossReadsIsWrittenAlonePastItsStartAndTheRestOfTheReadTogether() {
        assertEquals(CloseReason.UPSTREAM_ENDED,
                     relay(true, "id: 1\ndata: sp", "lit\n\nid: 2\ndata: x\n\nid: 3\ndata: y\n\n"));
        assertEquals("id: 1\ndata: split\n\nid: 2\ndata: x\n\nid: 3\ndata: y\n\n", client.text());
        assertEquals(2, client.writes, "the completed block, then the two that came whole");
        assertEquals(List.of(19, 15, 15), eventBytes);
        assertEquals("3", loop.lastRelayedId());
    }

    @Test
    void aStreamsFirstIdAfterABomIsTrackedWhetherItsEventCameInOneReadOrSeveral() {
        String event = "\uFEFFid: 7\ndata: after a BOM\n\n";
        relay(true, event);
        assertEquals("7", loop.lastRelayedId(), "in one read");
        client.reset();
        relay(true, event.substring(0, 8), event.substring(8));
        assertEquals("7", loop.lastRelayedId(), "across two reads");
        assertEquals(event, client.text(), "the BOM still reaches the client");
    }

    @Test
    void withoutResumeNoIdIsRead() {
        relay(false, "id: 1\ndata: a\n\n");
        assertEquals(null, loop.lastRelayedId());
        assertEquals(List.of(15), eventBytes);
    }

    /** Relays a chunked body whose socket reads are these strings (one chunk each) and returns why the loop ended. */
    private CloseReason relay(boolean trackIds, String... reads) {
        eventBytes.clear();
        RelayStream stream = new RelayStream(route, "127.0.0.1");
        loop = new PassthroughLoop(stream, client, 1 << 20, trackIds);
        Deque<byte[]> left = new ArrayDeque<>();
        for (String read : reads) {
            byte[] data = read.getBytes(StandardCharsets.UTF_8);
            left.add((Integer.toHexString(data.length) + "\r\n" + read + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        left.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return loop.run(new ChunkedBody(DataReader.create(() -> null), new Reads(left)));
    }

    /** An upstream socket: each read returns (up to the buffer) one of the queued socket reads. */
    private static final class Reads extends InputStream {
        private final Deque<byte[]> reads;
        private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

        Reads(Deque<byte[]> reads) {
            this.reads = reads;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
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

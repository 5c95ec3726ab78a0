package io.ssegateway.gateway.relay;

import io.helidon.common.buffers.DataReader;
import io.ssegateway.bench.jmh.ByteCounter;
import io.ssegateway.bench.jmh.EventStreams;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.upstream.ChunkedBodyReader;
import io.ssegateway.spi.monitor.CloseReason;
import io.ssegateway.spi.transform.EventTransform;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The relay's inner loop, {@link RelayLoop#run} of {@link PassthroughLoop} and {@link TransformLoop}, relaying
 * {@value #EVENTS} origin-style events (200 data bytes) of an in-memory chunked upstream body, read through the
 * gateway's own {@link ChunkedBodyReader} (reading the socket itself, as after the response head), to a counting
 * client stream. Covered: chunked decoding, the read loop with its write lock and buffer growth, block tracking, carrying partial
 * blocks across reads, id/retry reading (resume on), parsing and transforms, the flush decision. Not covered: socket
 * I/O, Helidon's response stream and its chunked encoding, monitors (the route has none), the supervisor and the
 * client watch. Score = events/s; the "bytes" line = bytes written to the client per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RelayLoopBenchmark {
    static final int EVENTS = 1000;
    static final long MAX_EVENT_SIZE = 1 << 20;

    /**
     * How the upstream's bytes arrive: {@code burst} = 8 KiB socket reads of back-to-back events (S2: reads span
     * events and split them, one flush per read), {@code paced} = one event per socket read (S1: a flush per event).
     */
    @Param({"burst", "paced"})
    public String upstream;

    private byte[][] socketReads;
    private long expectedBytes;
    private Route passthroughRoute;

    /** Cuts the chunked body into the socket reads of the chosen upstream pattern. */
    @Setup
    public void setup() {
        byte[][] events = EventStreams.events(EVENTS, EventStreams.DATA_SIZE);
        byte[][] chunks = EventStreams.chunks(events);
        socketReads = switch (upstream) {
            case "burst" -> EventStreams.slices(EventStreams.concat(chunks), 8192);
            case "paced" -> chunks;
            default -> throw new IllegalArgumentException("upstream " + upstream);
        };
        expectedBytes = EventStreams.length(events);
        passthroughRoute = route(List.of());
    }

    /** PassthroughLoop (routes without transforms), ids tracked as with the default resume on. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long passthrough(ByteCounter counter) {
        CountingOut out = new CountingOut();
        StreamState stream = new StreamState(passthroughRoute, "127.0.0.1");
        return check(new PassthroughLoop(stream, out, MAX_EVENT_SIZE, true), stream, out, counter, expectedBytes);
    }

    /** TransformLoop with one transform that leaves every event unchanged: parsed, then written byte for byte. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long eventLoopUnchanged(ByteCounter counter) {
        return eventLoop((event, stream) -> List.of(event), counter, expectedBytes);
    }

    /** TransformLoop with one transform that renames every event (as rename-event does): parsed, re-written in spec form. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long eventLoopRenamed(ByteCounter counter) {
        // each event gains "event: tick\n" (12 bytes) in front
        return eventLoop((event, stream) -> List.of(event.withType("tick")), counter, expectedBytes + 12L * EVENTS);
    }

    private long eventLoop(EventTransform transform, ByteCounter counter, long expected) {
        CountingOut out = new CountingOut();
        StreamState stream = new StreamState(route(List.of(transform)), "127.0.0.1");
        return check(new TransformLoop(stream, out, List.of(transform), MAX_EVENT_SIZE), stream, out, counter,
                     expected);
    }

    /** Runs the loop over a fresh upstream body and fails loudly unless it relayed everything (it catches errors). */
    private long check(RelayLoop loop, StreamState stream, CountingOut out, ByteCounter counter, long expected) {
        // as on a real connection: the reader holds nothing after the head, the body reads the "socket" itself
        CloseReason reason = loop.run(new ChunkedBodyReader(DataReader.create(() -> null), new Reads(socketReads)));
        if (reason != CloseReason.UPSTREAM_ENDED || out.bytes != expected || stream.events() != EVENTS) {
            throw new IllegalStateException("relay ended with " + reason + " after " + out.bytes + " of " + expected
                    + " bytes and " + stream.events() + " events");
        }
        counter.bytes += out.bytes;
        return out.flushes;
    }

    /** A route with these transforms and no monitors; only what the loops touch is set (no client, balancer, health). */
    private static Route route(List<EventTransform> transforms) {
        return new Route(null, null, Optional.empty(), null, transforms, Monitors.none(), null);
    }

    /** The socket reads of one upstream connection, then its end: a read returns at most one of them. */
    private static final class Reads extends InputStream {
        private final byte[][] reads;
        private int next;
        private int at;

        Reads(byte[][] reads) {
            this.reads = reads;
        }

        /** One byte of the current read. */
        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        /** What is left of the current socket read, up to {@code len} bytes; -1 at the end of the connection. */
        @Override
        public int read(byte[] b, int off, int len) {
            if (next == reads.length) {
                return -1;
            }
            byte[] current = reads[next];
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            if (at == current.length) {
                next++;
                at = 0;
            }
            return n;
        }
    }

    /** The client's stream: counts bytes and flushes, keeps nothing. */
    private static final class CountingOut extends OutputStream {
        long bytes;
        long flushes;

        /** Counts one byte. */
        @Override
        public void write(int b) {
            bytes++;
        }

        /** Counts the bytes. */
        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }

        /** Counts a flush. */
        @Override
        public void flush() {
            flushes++;
        }
    }
}

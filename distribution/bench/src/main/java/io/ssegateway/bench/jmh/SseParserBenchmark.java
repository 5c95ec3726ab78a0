package io.ssegateway.bench.jmh;

import io.ssegateway.gateway.sse.BlockFields;
import io.ssegateway.gateway.sse.EventBoundaryTracker;
import io.ssegateway.gateway.sse.SseParser;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's SSE scanners on {@value #EVENTS} origin-style events of 200 data bytes (~222 bytes each), fed in
 * reads of {@code readSize} bytes: the WHATWG parser (transform routes), and the passthrough scanners
 * (block-boundary tracker, id/retry reader). Score = events/s; the "bytes" line = stream bytes/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SseParserBenchmark {
    static final int EVENTS = 1000;

    /** How the stream is cut into reads (only the benchmarks that take it run once per value). */
    @State(Scope.Thread)
    public static class Reads {
        /** Bytes per read: 8192 (the relay's buffer, a busy stream) or 7 (every line split across reads). */
        @Param({"8192", "7"})
        public int readSize;
    }

    private byte[] stream;
    private int[] blockStarts;

    /** Builds the stream and the offsets of its blocks once. */
    @Setup
    public void setup() {
        byte[][] events = EventStreams.events(EVENTS, EventStreams.DATA_SIZE);
        stream = EventStreams.concat(events);
        blockStarts = new int[EVENTS + 1];
        for (int i = 0; i < EVENTS; i++) {
            blockStarts[i + 1] = blockStarts[i] + events[i].length;
        }
    }

    /** SseParser: parses every event (fields, UTF-8 data, a copy of the raw block) and hands it to a listener. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parser(Reads reads, Blackhole bh, ByteCounter counter) throws IOException {
        int readSize = reads.readSize;
        SseParser parser = new SseParser(1 << 20, bh::consume);
        for (int off = 0; off < stream.length; off += readSize) {
            parser.feed(stream, off, Math.min(readSize, stream.length - off));
        }
        parser.end();
        counter.bytes += stream.length;
    }

    /** EventBoundaryTracker: finds every block end, read by read, as the passthrough relay does. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int tracker(Reads reads, ByteCounter counter) {
        int readSize = reads.readSize;
        EventBoundaryTracker tracker = new EventBoundaryTracker();
        int blocks = 0;
        for (int off = 0; off < stream.length; off += readSize) {
            int end = Math.min(off + readSize, stream.length);
            for (int pos = off; pos < end; ) {
                int next = tracker.nextBlockEnd(stream, pos, end);
                if (next < 0) {
                    break;
                }
                blocks++;
                pos = next;
            }
        }
        if (blocks != EVENTS) {
            throw new IllegalStateException("tracker found " + blocks + " blocks, expected " + EVENTS);
        }
        counter.bytes += stream.length;
        return blocks;
    }

    /** BlockFields: reads the id and retry of every complete block (passthrough with resume on). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void blockFields(Blackhole bh, ByteCounter counter) {
        BlockFields fields = new BlockFields();
        for (int i = 0; i < EVENTS; i++) {
            fields.read(stream, blockStarts[i], blockStarts[i + 1]);
            bh.consume(fields.id());
        }
        counter.bytes += stream.length;
    }
}

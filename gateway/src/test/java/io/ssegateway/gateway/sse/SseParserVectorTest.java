package io.ssegateway.gateway.sse;

import io.ssegateway.gateway.testing.ParseVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** The shared WHATWG vectors, however the input is cut into reads. */
@Timeout(120)
class SseParserVectorTest {
    private static final long MAX = 1 << 20;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    static List<ParseVector> vectors() {
        return ParseVector.all();
    }

    @Test
    void theVectorFileHasCases() {
        assertThat(vectors().size(), greaterThan(10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void eachVectorDispatchesItsEventsAndRetryHoweverTheInputIsCut(ParseVector v) {
        Chunks.all(v.input(), 42, 200).forEach(reads -> {
            Recorder r = Recorder.run(reads, MAX);
            assertThat(v.name() + " " + describe(reads), r.dispatched(), is(v.events()));
            assertThat(v.name() + " " + describe(reads), r.parser.reconnectionTime(), is(v.retry()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theBlocksOfOneReadAreTheInputByteForByte(ParseVector v) {
        Recorder r = Recorder.run(Chunks.whole(v.input()), MAX);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        r.blocks.forEach(b -> joined.writeBytes(b.raw()));
        byte[] input = v.input();
        int from = startsWith(input, BOM) ? BOM.length : 0;
        byte[] expected = Arrays.copyOfRange(input, from, from + joined.size());
        assertThat(joined.toByteArray(), is(expected));
        int tail = input.length - from - joined.size();
        assertThat("only an unterminated last block is left out", tail == 0 || v.name().contains("unterminated"),
                   is(true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theBlocksAreTheSameHoweverTheInputIsCut(ParseVector v) {
        List<ParsedEvent> expected = Recorder.run(Chunks.whole(v.input()), MAX).blocks;
        Chunks.all(v.input(), 7, 200).forEach(
                reads -> assertSameBlocks(v.name() + " " + describe(reads), Recorder.run(reads, MAX).blocks, expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theTrackerSeesABlockEndInExactlyTheReadsWhereTheParserDoes(ParseVector v) {
        Chunks.all(v.input(), 11, 200).forEach(reads -> {
            Recorder r = new Recorder(MAX);
            EventBoundaryTracker tracker = new EventBoundaryTracker();
            for (Chunks.Read read : reads) {
                r.feed(read);
                boolean trackerSaw = tracker.scan(read.array(), read.off(), read.len());
                assertThat(v.name() + " " + describe(reads), trackerSaw, is(r.readEndedBlock.getLast()));
            }
        });
    }

    /**
     * Same blocks as {@code expected}; a raw block may lack its last LF when its blank line's CRLF was cut
     * between the CR and the LF.
     */
    static void assertSameBlocks(String reason, List<ParsedEvent> actual, List<ParsedEvent> expected) {
        assertThat(reason, actual.size(), is(expected.size()));
        for (int k = 0; k < expected.size(); k++) {
            ParsedEvent a = actual.get(k);
            ParsedEvent e = expected.get(k);
            assertThat(reason, a.event(), is(e.event()));
            assertThat(reason, a.dispatches(), is(e.dispatches()));
            assertThat(reason, a.lastEventId(), is(e.lastEventId()));
            byte[] want = e.raw();
            byte[] got = a.raw();
            boolean lfDropped = want.length >= 2 && want[want.length - 2] == '\r' && want[want.length - 1] == '\n'
                    && Arrays.equals(got, Arrays.copyOf(want, want.length - 1));
            assertThat(reason + " raw block " + k, Arrays.equals(got, want) || lfDropped, is(true));
        }
    }

    static String describe(List<Chunks.Read> reads) {
        if (reads.size() > 12) {
            return "(" + reads.size() + " reads)";
        }
        return reads.stream().map(r -> String.valueOf(r.len())).toList().toString();
    }

    private static boolean startsWith(byte[] input, byte[] prefix) {
        return input.length >= prefix.length && Arrays.equals(input, 0, prefix.length, prefix, 0, prefix.length);
    }
}

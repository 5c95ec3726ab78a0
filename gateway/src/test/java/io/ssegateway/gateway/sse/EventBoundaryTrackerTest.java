package io.ssegateway.gateway.sse;

import io.ssegateway.gateway.testing.ParseVector;
import io.ssegateway.gateway.sse.EventBoundaryTracker.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.ssegateway.gateway.sse.EventBoundaryTracker.Position.AT_BLOCK_START;
import static io.ssegateway.gateway.sse.EventBoundaryTracker.Position.AT_LINE_START;
import static io.ssegateway.gateway.sse.EventBoundaryTracker.Position.MID_LINE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

@Timeout(120)
class EventBoundaryTrackerTest {
    private static final byte[] BLOCK_COMMENT = ":hb\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LINE_COMMENT = ":hb\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean scan(EventBoundaryTracker tracker, byte[] read) {
        return tracker.scan(read, 0, read.length);
    }

    static Stream<Arguments> positions() {
        return Stream.of(
                Arguments.of(Shown.text(""), false, AT_BLOCK_START),
                Arguments.of(Shown.text("data: x"), false, MID_LINE),
                Arguments.of(Shown.text("data: x\n"), false, AT_LINE_START),
                Arguments.of(Shown.text("data: x\r\n"), false, AT_LINE_START),
                Arguments.of(Shown.text("data: x\r"), false, MID_LINE),
                Arguments.of(Shown.text("data: x\n\n"), true, AT_BLOCK_START),
                Arguments.of(Shown.text("data: x\n\r"), true, AT_BLOCK_START),
                Arguments.of(Shown.text("data: x\r\n\r\n"), true, AT_BLOCK_START),
                Arguments.of(Shown.text("data: x\n\ndata"), true, MID_LINE),
                Arguments.of(Shown.text(":\n"), false, AT_LINE_START),
                Arguments.of(Shown.text("\n"), true, AT_BLOCK_START),
                Arguments.of(Shown.text("\u00EF\u00BB"), false, MID_LINE),
                Arguments.of(Shown.text("\u00EF\u00BB\u00BF"), false, AT_BLOCK_START),
                Arguments.of(Shown.text("\u00EF\u00BB\u00BF\n"), true, AT_BLOCK_START),
                Arguments.of(Shown.text("\u00EFx"), false, MID_LINE),
                Arguments.of(Shown.text("\u00EF\n"), false, AT_LINE_START));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positions")
    void knowsWhetherABlockEndedAndWhereTheStreamStands(String input, boolean ended, Position position) {
        EventBoundaryTracker tracker = new EventBoundaryTracker();
        assertThat(scan(tracker, bytes(input)), is(ended));
        assertThat(tracker.position(), is(position));
    }

    @Test
    void anLfAfterACrAtTheEndOfTheLastReadIsNotASecondLineEnd() {
        EventBoundaryTracker tracker = new EventBoundaryTracker();
        List<Boolean> ended = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        for (String read : List.of("data: x\r", "\n", "\r", "\n", "\n")) {
            ended.add(scan(tracker, bytes(read)));
            positions.add(tracker.position());
        }
        assertThat(ended, is(List.of(false, false, true, false, true)));
        assertThat(positions, is(List.of(MID_LINE, AT_LINE_START, AT_BLOCK_START, AT_BLOCK_START, AT_BLOCK_START)));
    }

    @Test
    void aBomCutAcrossReadsIsSkipped() {
        EventBoundaryTracker tracker = new EventBoundaryTracker();
        assertThat(scan(tracker, bytes("\u00EF")), is(false));
        assertThat(tracker.position(), is(MID_LINE));
        assertThat(scan(tracker, bytes("\u00BB")), is(false));
        assertThat(scan(tracker, bytes("\u00BF")), is(false));
        assertThat(tracker.position(), is(AT_BLOCK_START));
        assertThat("the first LF after the BOM is a blank line", scan(tracker, bytes("\n")), is(true));
    }

    @Test
    void anEmptyReadChangesNothing() {
        EventBoundaryTracker tracker = new EventBoundaryTracker();
        scan(tracker, bytes("data: x\r"));
        assertThat(tracker.scan(new byte[8], 3, 0), is(false));
        assertThat(tracker.position(), is(MID_LINE));
        assertThat(scan(tracker, bytes("\n")), is(false));
    }

    @Test
    void agreesWithTheParserOnRandomStreamsHoweverTheyAreCut() {
        for (byte[] input : RandomStreams.make(31337, 300)) {
            String name = Arrays.toString(input);
            Chunks.all(input, input.length, 20).forEach(reads -> {
                Recorder r = new Recorder(Long.MAX_VALUE);
                EventBoundaryTracker tracker = new EventBoundaryTracker();
                for (Chunks.Read read : reads) {
                    r.feed(read);
                    assertThat(name + " " + SseParserVectorTest.describe(reads),
                               tracker.scan(read.array(), read.off(), read.len()), is(r.readEndedBlock.getLast()));
                }
            });
        }
    }

    @Test
    void insertingCommentsWhereThePositionAllowsChangesNoEvent() {
        int lineInserts = 0;
        int blockInserts = 0;
        List<byte[]> inputs = new ArrayList<>(RandomStreams.make(4242, 500));
        ParseVector.all().stream().map(ParseVector::input).filter(i -> i.length < 1000).forEach(inputs::add);
        for (byte[] input : inputs) {
            EventBoundaryTracker tracker = new EventBoundaryTracker();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int k = 0; k <= input.length; k++) {
                if (k > 0) {
                    tracker.scan(input, k - 1, 1);
                }
                // before the first byte an insert would push an upstream BOM out of first place
                boolean bomMayFollow = k == 0 && input.length > 0 && (input[0] & 0xFF) == 0xEF;
                if (!bomMayFollow && tracker.position() == AT_BLOCK_START) {
                    out.writeBytes(BLOCK_COMMENT);
                    blockInserts++;
                } else if (tracker.position() == AT_LINE_START) {
                    out.writeBytes(LINE_COMMENT);
                    lineInserts++;
                }
                if (k < input.length) {
                    out.write(input[k]);
                }
            }
            Recorder original = Recorder.run(Chunks.whole(input), Long.MAX_VALUE);
            Recorder withComments = Recorder.run(Chunks.whole(out.toByteArray()), Long.MAX_VALUE);
            String name = Arrays.toString(input);
            assertThat(name, withComments.dispatched(), is(original.dispatched()));
            assertThat(name, withComments.parser.reconnectionTime(), is(original.parser.reconnectionTime()));
            assertThat(name, withComments.parser.lastEventId(), is(original.parser.lastEventId()));
        }
        assertThat(lineInserts, greaterThan(100));
        assertThat(blockInserts, greaterThan(100));
    }

    @Test
    void scanningAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] input = "data: some text\r\nid: 1\r\n\r\n:c\n\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        EventBoundaryTracker tracker = new EventBoundaryTracker();
        for (int k = 0; k < 200; k++) {
            tracker.scan(input, 0, input.length);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean any = false;
        for (int k = 0; k < 200; k++) {
            any |= tracker.scan(input, k % 7, input.length - k % 7);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(any, is(true));
        assertThat("bytes allocated while scanning " + 200 * input.length + " bytes", allocated, lessThan(1024L));
    }
}

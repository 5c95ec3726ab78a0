package io.ssegateway.gateway.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A block seen only in pieces: its collected field lines give the fields reading the whole block gives. */
class FieldLineCollectorTest {
    @Test
    void theFieldsOfABlockFedInRandomPiecesAreThoseOfTheWholeBlock() {
        Random random = new Random(5);
        FieldLineCollector collector = new FieldLineCollector();
        int blocks = 0;
        int withFields = 0;
        for (byte[] stream : RandomStreams.make(17, 2000)) {
            EventBoundaryTracker tracker = new EventBoundaryTracker();
            int pos = 0;
            int end;
            while ((end = tracker.nextBlockEnd(stream, pos, stream.length)) >= 0) {
                int start = pos == 0 ? BlockFieldsTest.bomLength(stream) : pos; // a leading BOM is no line's
                BlockFields whole = new BlockFields();
                whole.read(stream, start, end);
                collector.reset();
                for (int at = start; at < end; ) {
                    int next = Math.min(end, at + 1 + random.nextInt(6)); // splits land between CR and LF too
                    collector.add(stream, at, next);
                    at = next;
                }
                BlockFields pieced = new BlockFields();
                pieced.read(collector.bytes(), 0, collector.length());
                BlockFieldsTest.assertSameFields(whole, pieced, stream, pos, end);
                if (whole.hasId() || whole.hasRetry()) {
                    withFields++;
                }
                blocks++;
                pos = end;
            }
        }
        assertTrue(blocks > 1000 && withFields > 100, blocks + " blocks, " + withFields + " with an id or retry");
    }

    @Test
    void onlyLinesStartingWithIOrRAreKeptEachEndedByLf() {
        FieldLineCollector collector = new FieldLineCollector();
        byte[] block = "data: x\r\nid: 4\rdata: y\nretry: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        collector.add(block, 0, 12);
        collector.add(block, 12, block.length);
        assertEquals("id: 4\nretry: 10\n", new String(collector.bytes(), 0, collector.length(), StandardCharsets.US_ASCII));
        collector.reset();
        assertEquals(0, collector.length());
    }
}

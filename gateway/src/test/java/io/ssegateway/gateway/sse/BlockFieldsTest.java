package io.ssegateway.gateway.sse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The id and retry of one raw block, by the WHATWG field rules, with every line end. */
class BlockFieldsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "id and data, LF               | id: 7\\ndata: x\\n\\n                   | 7     | null",
            "CRLF                          | data: x\\r\\nid: 8\\r\\n\\r\\n            | 8     | null",
            "CR                            | id: 9\\rretry: 250\\r\\r               | 9     | 250",
            "last id wins                  | id: 1\\nid: 2\\n\\n                     | 2     | null",
            "no space after colon          | id:3\\n\\n                             | 3     | null",
            "only one space is stripped    | id:  4\\n\\n                           | ' 4'  | null",
            "empty id                      | id\\n\\n                               | ''    | null",
            "id with NUL is ignored        | id: 5\\nid: a\\u0000b\\n\\n             | 5     | null",
            "id past a long data line      | data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\nid: long\\n\\n | long | null",
            "not an id field               | ids: 6\\nidx\\n\\n                      | null  | null",
            "retry with a non-digit        | retry: 12a\\n\\n                       | null  | null",
            "retry digits                  | retry: 3000\\n\\n                      | null  | 3000",
            "comment lines                 | :id: 1\\n: retry: 5\\n\\n                | null  | null",
            "UTF-8 id                      | id: é✓\\n\\n                          | é✓    | null",
    })
    void readsIdAndRetry(String name, String block, String id, Long retry) {
        byte[] bytes = unescape(block).getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[bytes.length + 6];
        System.arraycopy(bytes, 0, framed, 3, bytes.length); // the block somewhere inside a larger buffer
        BlockFields fields = new BlockFields();
        fields.read(framed, 3, 3 + bytes.length);
        assertEquals(id != null, fields.hasId(), "has id");
        assertEquals(id, fields.id());
        if (id != null) {
            assertEquals(id, new String(framed, fields.idStart(), fields.idEnd() - fields.idStart(),
                                        StandardCharsets.UTF_8), "raw id bytes");
        }
        assertEquals(retry != null, fields.hasRetry(), "has retry");
        if (retry != null) {
            assertEquals(retry, fields.retry());
        }
    }

    @Test
    void readingOnlyTheLinesTheTrackerNotedGivesWhatReadingTheWholeBlockGives() {
        int blocks = 0;
        int noted = 0;
        for (byte[] stream : RandomStreams.make(11, 3000)) {
            EventBoundaryTracker tracker = new EventBoundaryTracker(true);
            int pos = 0;
            int end;
            while ((end = tracker.nextBlockEnd(stream, pos, stream.length)) >= 0) {
                BlockFields whole = new BlockFields();
                whole.read(stream, pos == 0 ? bomLength(stream) : pos, end); // a leading BOM is no line's

                int lines = tracker.fieldLineCount();
                if (lines >= 0) {
                    BlockFields some = new BlockFields();
                    some.readLines(stream, tracker.fieldLines(), lines, end);
                    assertSameFields(whole, some, stream, pos, end);
                    noted++;
                }
                blocks++;
                pos = end;
            }
        }
        assertTrue(blocks > 1000 && noted > blocks / 2, blocks + " blocks, " + noted + " read from noted lines");
    }

    @Test
    void theTrackerNotesOnlyLinesThatMayBeIdOrRetryAndGivesUpPastEight() {
        byte[] block = "id: 1\nevent: e\nretry: 5\ndata: idle\nrandom: x\n\n".getBytes(StandardCharsets.UTF_8);
        EventBoundaryTracker tracker = new EventBoundaryTracker(true);
        assertEquals(block.length, tracker.nextBlockEnd(block, 0, block.length));
        assertEquals(3, tracker.fieldLineCount());
        assertArrayEquals(new int[] {0, 15, 35}, Arrays.copyOf(tracker.fieldLines(), 3));

        byte[] many = ("id: 1\n".repeat(9) + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(many.length, tracker.nextBlockEnd(many, 0, many.length));
        assertEquals(-1, tracker.fieldLineCount(), "more than 8: the block is read whole");
        assertEquals(-1, new EventBoundaryTracker().fieldLineCount(), "a tracker that notes nothing");
    }

    /** Asserts that {@code actual} read the id and retry {@code expected} read from the block {@code stream[pos, end)}. */
    static void assertSameFields(BlockFields expected, BlockFields actual, byte[] stream, int pos, int end) {
        String where = "block " + Shown.text(new String(stream, pos, end - pos, StandardCharsets.ISO_8859_1)).getName();
        assertEquals(expected.hasId(), actual.hasId(), where);
        assertEquals(expected.id(), actual.id(), where);
        assertEquals(expected.hasRetry(), actual.hasRetry(), where);
        if (expected.hasRetry()) {
            assertEquals(expected.retry(), actual.retry(), where);
        }
    }

    static int bomLength(byte[] s) {
        return s.length >= 3 && s[0] == (byte) 0xEF && s[1] == (byte) 0xBB && s[2] == (byte) 0xBF ? 3 : 0;
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\u0000", "\u0000");
    }
}

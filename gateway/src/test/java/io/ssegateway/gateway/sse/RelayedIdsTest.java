package io.ssegateway.gateway.sse;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ids a relay loop wrote: the last one for Last-Event-ID, the recent ones a resumed upstream must not repeat. */
class RelayedIdsTest {
    @Test
    void theLastIdWrittenIsTheOneToResumeFrom() {
        RelayedIds ids = new RelayedIds();
        assertNull(ids.last());
        write(ids, "1");
        write(ids, "é2");
        assertEquals("é2", ids.last());
        ids.written("3");
        assertEquals("3", ids.last());
    }

    @Test
    void anEmptyIdResetsTheLastId() {
        RelayedIds ids = new RelayedIds();
        write(ids, "1");
        write(ids, "");
        assertNull(ids.last());
        ids.resumed();
        assertFalse(ids.seen(""));
        assertTrue(ids.seen("1"));
    }

    @Test
    void aResumedUpstreamRepeatsOnlyIdsWrittenBeforeTheResume() {
        RelayedIds ids = new RelayedIds();
        write(ids, "1");
        write(ids, "2");
        assertFalse(ids.seen("1"), "nothing is dropped before a resume");
        ids.resumed();
        assertTrue(ids.seen("1"));
        byte[] two = "x2".getBytes(StandardCharsets.UTF_8);
        assertTrue(ids.seen(two, 1, 2), "an id given as bytes inside a larger buffer");
        assertFalse(ids.seen("3"));
        assertFalse(ids.seen(null));
    }

    @Test
    void onlyTheLast256IdsAreKept() {
        RelayedIds ids = new RelayedIds();
        for (int i = 1; i <= 300; i++) {
            write(ids, "event-" + i);
        }
        ids.resumed();
        assertFalse(ids.seen("event-44"));
        assertTrue(ids.seen("event-45"));
        assertTrue(ids.seen("event-300"));
        assertEquals("event-300", ids.last());
    }

    @Test
    void aQuietStreamHoldsRoomForEightIdsAndTheRingGrowsTo256AsIdsCome() {
        RelayedIds ids = new RelayedIds();
        assertEquals(8, ids.capacity());
        for (int i = 1; i <= 9; i++) {
            write(ids, "e" + i);
        }
        assertEquals(16, ids.capacity());
        for (int i = 10; i <= 1000; i++) {
            write(ids, "e" + i);
        }
        assertEquals(256, ids.capacity());
    }

    @Test
    void everyCountOfIdsUpTo600KeepsTheLast256AndTheLastOne() {
        // across the ring's growth (8, 16, ... 256) and its wrap-around
        for (int count = 1; count <= 600; count++) {
            RelayedIds ids = new RelayedIds();
            for (int i = 1; i <= count; i++) {
                write(ids, "e" + i);
            }
            assertEquals("e" + count, ids.last(), count + " ids");
            ids.resumed();
            int oldestKept = Math.max(1, count - 255);
            assertTrue(ids.seen("e" + oldestKept), count + " ids: the oldest kept");
            assertTrue(ids.seen("e" + count), count + " ids: the last");
            if (count > 256) {
                assertFalse(ids.seen("e" + (count - 256)), count + " ids: the one pushed out");
            }
        }
    }

    @Test
    void eventsRepeatingTheLastIdDoNotPushOlderIdsOut() {
        RelayedIds ids = new RelayedIds();
        for (int i = 1; i <= 256; i++) {
            ids.written("event-" + i);
        }
        for (int i = 0; i < 10; i++) {
            ids.written("event-256"); // parsed events without an id field carry the last one
        }
        ids.resumed();
        assertTrue(ids.seen("event-1"));
        assertEquals("event-256", ids.last());
    }

    private static void write(RelayedIds ids, String id) {
        byte[] framed = ("id: " + id + "\n").getBytes(StandardCharsets.UTF_8);
        ids.written(framed, 4, framed.length - 1);
    }
}

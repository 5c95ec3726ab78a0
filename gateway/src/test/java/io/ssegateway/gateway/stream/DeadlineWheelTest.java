package io.ssegateway.gateway.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer wheel alone: which entries come due at which tick. */
@Timeout(10)
class DeadlineWheelTest {
    private static final class Named extends DeadlineWheel.Entry {
        final String name;

        Named(String name) {
            this.name = name;
        }
    }

    private final DeadlineWheel<Named> wheel = new DeadlineWheel<>(0);

    private List<String> advance(long tick) {
        List<String> due = new ArrayList<>();
        wheel.advance(tick, e -> due.add(e.name));
        return due;
    }

    @Test
    void anEntryComesDueAtItsTickAndNotBefore() {
        Named a = new Named("a");
        Named b = new Named("b");
        wheel.schedule(a, 3);
        wheel.schedule(b, 5);
        assertEquals(List.of(), advance(2));
        assertEquals(List.of("a"), advance(3));
        assertFalse(a.scheduled());
        assertTrue(b.scheduled());
        assertEquals(List.of("b"), advance(10));
        assertEquals(List.of(), advance(11));
    }

    @Test
    void anEntryMoreThanATurnAheadWaitsForItsTurn() {
        Named far = new Named("far");
        wheel.schedule(far, 512 * 3 + 7);
        for (long t = 1; t < 512 * 3 + 7; t++) {
            assertEquals(List.of(), advance(t), "tick " + t);
        }
        assertEquals(List.of("far"), advance(512 * 3 + 7));
    }

    @Test
    void aLateAdvanceHandsOverEverythingDueMeanwhileEvenPastATurn() {
        Named near = new Named("near");
        Named later = new Named("later");
        Named beyond = new Named("beyond");
        wheel.schedule(near, 2);
        wheel.schedule(later, 700);
        wheel.schedule(beyond, 5000);
        assertEquals(List.of("later", "near"), advance(2000).stream().sorted().toList());
        assertEquals(List.of("beyond"), advance(5000));
    }

    @Test
    void aMovedOrRemovedEntryComesDueOnlyWhereItIsNow() {
        Named moved = new Named("moved");
        Named removed = new Named("removed");
        wheel.schedule(moved, 4);
        wheel.schedule(removed, 4);
        wheel.schedule(moved, 9);
        wheel.remove(removed);
        assertFalse(removed.scheduled());
        assertEquals(List.of(), advance(8));
        assertEquals(List.of("moved"), advance(9));
    }

    @Test
    void aTickAlreadyPassedMeansTheNextAndAnEntryMayBeScheduledAgainWhenDue() {
        advance(10);
        Named again = new Named("again");
        wheel.schedule(again, 3);
        List<String> due = new ArrayList<>();
        wheel.advance(11, e -> {
            due.add(e.name);
            wheel.schedule(e, 11); // still the tick being passed: comes due at the next one
        });
        assertEquals(List.of("again"), due);
        assertTrue(again.scheduled());
        assertEquals(List.of("again"), advance(12));
    }
}

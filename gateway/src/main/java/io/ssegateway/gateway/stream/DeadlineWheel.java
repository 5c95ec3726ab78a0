package io.ssegateway.gateway.stream;

import java.util.function.Consumer;

/**
 * A hashed timer wheel of entries, each due at a tick: slots of one tick each, an entry in the slot of its tick
 * (an entry due more than a turn of the wheel ahead waits in its slot for later turns). Adding, moving and removing
 * an entry cost the same however many entries there are, and advancing the wheel costs one step per tick plus one
 * per entry in the slots passed, so an entry costs nothing between the ticks it is due at. Used by one thread only.
 *
 * @param <E> the entries (what they stand for is the subclass's business)
 */
final class DeadlineWheel<E extends DeadlineWheel.Entry> {
    /** Slots (a power of two): a turn of the wheel is this many ticks. */
    private static final int SLOTS = 512;

    /** One entry: in at most one slot at a time. Its links live in it, so a wheel allocates nothing. */
    static class Entry {
        private Entry prev;
        private Entry next;
        private long tick;
        private boolean linked;

        /** Whether the entry is in a wheel. */
        final boolean scheduled() {
            return linked;
        }
    }

    private final Entry[] slots = new Entry[SLOTS];
    private long passed;

    /** A wheel whose ticks up to {@code tick} have passed. */
    DeadlineWheel(long tick) {
        this.passed = tick;
    }

    /** Puts the entry at {@code tick} (moving it if it is in the wheel); a tick already passed means the next one. */
    void schedule(E entry, long tick) {
        Entry e = entry;
        unlink(e);
        e.tick = Math.max(tick, passed + 1);
        int slot = (int) (e.tick & (SLOTS - 1));
        Entry head = slots[slot];
        e.next = head;
        if (head != null) {
            head.prev = e;
        }
        slots[slot] = e;
        e.linked = true;
    }

    /** Takes the entry out of the wheel, if it is in it. */
    void remove(E e) {
        unlink(e);
    }

    private void unlink(Entry e) {
        if (!e.linked) {
            return;
        }
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            slots[(int) (e.tick & (SLOTS - 1))] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.linked = false;
    }

    /**
     * Passes every tick up to {@code tick}: the entries due at them are taken out of the wheel and handed to
     * {@code due} (which may schedule them again).
     */
    @SuppressWarnings("unchecked") // only E are ever scheduled
    void advance(long tick, Consumer<E> due) {
        if (tick <= passed) {
            return;
        }
        long from = passed + 1;
        passed = tick;
        long last = Math.min(tick, from + SLOTS - 1); // a whole turn visits every slot
        Entry dueList = null;
        for (long t = from; t <= last; t++) {
            Entry e = slots[(int) (t & (SLOTS - 1))];
            while (e != null) {
                Entry next = e.next;
                if (e.tick <= tick) {
                    unlink(e);
                    e.next = dueList; // collected first, so handing over cannot disturb this walk
                    dueList = e;
                }
                e = next;
            }
        }
        while (dueList != null) {
            Entry e = dueList;
            dueList = e.next;
            e.next = null;
            due.accept((E) e);
        }
    }
}

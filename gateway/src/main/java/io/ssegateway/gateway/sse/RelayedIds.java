package io.ssegateway.gateway.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The event ids a relay loop wrote to the client: the last one, sent as {@code Last-Event-ID} when the upstream is
 * resumed, and the most recent ones, so that events a resumed upstream sends again can be dropped. An empty id
 * (which resets the last event ID) names no event and is never seen again. Used by the loop's thread only.
 * <p>
 * Ids are kept as raw UTF-8 bytes in a ring of reused arrays, so noting one allocates nothing (a passthrough
 * stream notes one per event); strings are made only for {@link #last()} and, once per resume, for the ids a
 * resumed upstream must not repeat. The ring starts with room for 8 ids and doubles up to 256 as ids come: most
 * streams are quiet, and 256 slots cost about 2 KB per stream up front. Public for shared streams (one per
 * upstream stream there).
 */
public final class RelayedIds {
    private static final int RECENT = 256;
    private static final int FIRST_CAPACITY = 8;

    private byte[][] ring = new byte[FIRST_CAPACITY][];
    private int[] lengths = new int[FIRST_CAPACITY];
    private int next;
    private int filled;
    private boolean hasLast;
    private String last;
    private Set<String> beforeResume = Set.of();

    /** Whether an event with this id was among the recent ones written before the last resume; false for none. */
    public boolean seen(String id) {
        return id != null && !id.isEmpty() && beforeResume.contains(id);
    }

    /** {@link #seen(String)} for an id given as its raw UTF-8 bytes {@code b[from, to)}. */
    public boolean seen(byte[] b, int from, int to) {
        return to > from && !beforeResume.isEmpty()
                && beforeResume.contains(new String(b, from, to - from, StandardCharsets.UTF_8));
    }

    /** Notes the id of an event just written to the client; null (no {@code id} field) changes nothing. */
    public void written(String id) {
        // a parsed event without an id field carries the previous one: no new id, nothing to copy (once per event)
        if (id != null && !id.equals(last)) {
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            written(bytes, 0, bytes.length);
            last = hasLast ? id : null;
        }
    }

    /** {@link #written(String)} for an id given as its raw UTF-8 bytes {@code b[from, to)}. */
    public void written(byte[] b, int from, int to) {
        last = null;
        int len = to - from;
        hasLast = len > 0;
        if (len == 0) {
            return;
        }
        byte[] slot = ring[next];
        if (slot == null || slot.length < len) {
            slot = new byte[Math.max(len, 16)];
            ring[next] = slot;
        }
        System.arraycopy(b, from, slot, 0, len);
        lengths[next] = len;
        filled = Math.min(filled + 1, RECENT);
        if (++next == ring.length) {
            if (ring.length < RECENT) { // not wrapped yet: the ids stay in order, the next goes after them
                ring = Arrays.copyOf(ring, ring.length * 2);
                lengths = Arrays.copyOf(lengths, lengths.length * 2);
            } else {
                next = 0;
            }
        }
    }

    /** A resumed upstream starts: from now on the ids written so far are the ones it must not repeat. */
    public void resumed() {
        Set<String> ids = new HashSet<>(filled * 2);
        for (int k = 0; k < filled; k++) {
            ids.add(new String(ring[k], 0, lengths[k], StandardCharsets.UTF_8));
        }
        beforeResume = ids;
    }

    /** How many ids the ring has room for now (8 to 256). */
    public int capacity() {
        return ring.length;
    }

    /** The last id written, or null when none was or the last one was empty. */
    public String last() {
        if (last == null && hasLast) {
            int at = (next + ring.length - 1) % ring.length;
            last = new String(ring[at], 0, lengths[at], StandardCharsets.UTF_8);
        }
        return last;
    }
}

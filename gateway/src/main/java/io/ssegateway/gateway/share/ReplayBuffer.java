package io.ssegateway.gateway.share;

import io.ssegateway.gateway.config.ShareSettings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last events of a shared stream, bounded in count, age and bytes (the oldest go first), so a client that
 * reconnects with {@code Last-Event-ID} gets what it missed from memory. Ids are opaque: compared by equality only.
 * Besides the events kept, two ids can be served: the newest event id (nothing after it), and the id the upstream
 * was opened with ({@link #startAfter}; every event kept follows it) as long as no event was dropped since. Used under
 * its shared stream's lock.
 */
final class ReplayBuffer {
    private final ShareSettings.Replay limits;
    private final ArrayDeque<SharedEvent> events = new ArrayDeque<>();
    /** How many kept events carry each id, so an id not kept is told in one look-up. */
    private final Map<String, Integer> ids = new HashMap<>();
    private long bytes;
    /** The id the upstream was opened after, while every event since is kept; else null. */
    private String start;
    /** The id of the newest event that had one, while no event without one came after it; else null. */
    private String newestId;

    ReplayBuffer(ShareSettings.Replay limits) {
        this.limits = limits;
    }

    /** The upstream was opened with {@code Last-Event-ID: id}: what it sends follows that id. */
    void startAfter(String id) {
        start = id;
    }

    /** Keeps an event, dropping the oldest ones beyond the bounds. */
    void add(SharedEvent event) {
        if (event.id() != null) {
            newestId = event.id();
        } else if (event.dispatches()) {
            newestId = null; // an event came after it: the newest id no longer says where a client stands
        }
        if (limits.events() == 0) {
            start = null;
            return;
        }
        events.addLast(event);
        bytes += event.size();
        if (event.id() != null) {
            ids.merge(event.id(), 1, Integer::sum);
        }
        while (events.size() > limits.events() || (bytes > limits.bytes() && events.size() > 1)) {
            dropFirst();
        }
        dropOlderThan(event.madeNanos());
    }

    /**
     * The events after the last one whose {@code id} field is {@code id}, oldest first (empty when it is the
     * newest id); all kept events when {@code id} is the one the upstream was opened with and none was dropped since;
     * null when no kept event has that id, so the client cannot be served from memory.
     */
    List<SharedEvent> after(String id, long now) {
        dropOlderThan(now);
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (!ids.containsKey(id)) {
            if (id.equals(newestId)) {
                return List.of(); // the newest event went but nothing came after it (a buffer of no events)
            }
            return id.equals(start) ? List.copyOf(events) : null;
        }
        List<SharedEvent> newer = new ArrayList<>();
        Iterator<SharedEvent> back = events.descendingIterator();
        while (back.hasNext()) {
            SharedEvent event = back.next();
            if (id.equals(event.id())) {
                return newer.reversed();
            }
            newer.add(event);
        }
        return null;
    }

    /** Whether {@link #after} would serve {@code id} (no age check). */
    boolean serves(String id) {
        return id != null && !id.isEmpty() && (ids.containsKey(id) || id.equals(newestId) || id.equals(start));
    }

    /** Events kept now. */
    int size() {
        return events.size();
    }

    /** Bytes kept now. */
    long bytes() {
        return bytes;
    }

    private void dropOlderThan(long now) {
        long maxAge = limits.age().toNanos();
        while (!events.isEmpty() && now - events.peekFirst().madeNanos() > maxAge) {
            dropFirst();
        }
    }

    private void dropFirst() {
        SharedEvent dropped = events.removeFirst();
        bytes -= dropped.size();
        start = null; // an event after the start id is gone
        if (dropped.id() != null) {
            ids.computeIfPresent(dropped.id(), (id, count) -> count == 1 ? null : count - 1);
        }
    }
}

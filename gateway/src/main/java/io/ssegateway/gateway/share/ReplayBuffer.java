package io.ssegateway.gateway.share;

import io.ssegateway.gateway.config.ShareSettings;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last events of a shared stream, bounded in count, age and bytes (the oldest go first), so a client that
 * reconnects with {@code Last-Event-ID} gets what it missed from memory. Used under its shared stream's lock.
 */
final class ReplayBuffer {
    private final ShareSettings.Replay limits;
    private final ArrayDeque<SharedEvent> events = new ArrayDeque<>();
    private long bytes;

    ReplayBuffer(ShareSettings.Replay limits) {
        this.limits = limits;
    }

    /** Keeps an event, dropping the oldest ones beyond the bounds. */
    void add(SharedEvent event) {
        if (limits.events() == 0) {
            return;
        }
        events.addLast(event);
        bytes += event.size();
        while (events.size() > limits.events() || (bytes > limits.bytes() && events.size() > 1)) {
            bytes -= events.removeFirst().size();
        }
        dropOlderThan(event.madeNanos());
    }

    /**
     * The events after the last one whose {@code id} field is {@code id}, oldest first (empty when it is the
     * newest); null when no kept event has that id, so the client cannot be served from memory.
     */
    List<SharedEvent> after(String id, long now) {
        dropOlderThan(now);
        if (id == null || id.isEmpty()) {
            return null;
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
            bytes -= events.removeFirst().size();
        }
    }
}

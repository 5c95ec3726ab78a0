package io.ssegateway.gateway.share;

import io.ssegateway.spi.broker.ChannelEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The events of one channel this gateway instance has seen, newest last, bounded in count, age and bytes like a
 * shared stream's replay buffer: what subscribers and long-polls are replayed from, so a replay and the live events
 * that follow it come from one place, under one lock, with no gap and no repeat. Each entry keeps the event and its
 * SSE block and its NDJSON line. Used under its {@link ChannelFanout}'s lock.
 */
final class ChannelLog {
    /** One event: its place in this instance's order, the event, its SSE block and its NDJSON line. */
    record Entry(long seq, ChannelEvent event, SharedEvent wire, SharedEvent line) {
        /** The event as a subscriber of this format reads it. */
        SharedEvent as(ChannelFanout.Format format) {
            return format == ChannelFanout.Format.NDJSON ? line : wire;
        }
    }

    private final int maxEvents;
    private final long maxAgeNanos;
    private final long maxBytes;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long bytes;
    private long lastSeq;

    ChannelLog(int maxEvents, long maxAgeNanos, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxAgeNanos = maxAgeNanos;
        this.maxBytes = maxBytes;
    }

    /** Keeps an event, dropping the oldest beyond the bounds; returns its entry. */
    Entry add(ChannelEvent event, SharedEvent wire, SharedEvent line) {
        Entry entry = new Entry(++lastSeq, event, wire, line);
        entries.addLast(entry);
        bytes += wire.size();
        while (entries.size() > maxEvents || (bytes > maxBytes && entries.size() > 1)) {
            bytes -= entries.removeFirst().wire().size();
        }
        dropOlderThan(wire.madeNanos());
        return entry;
    }

    /** The entries after the newest one with this event id, oldest first; null when no kept entry has it. */
    List<Entry> afterId(String id, long now) {
        dropOlderThan(now);
        List<Entry> newer = new ArrayList<>();
        Iterator<Entry> back = entries.descendingIterator();
        while (back.hasNext()) {
            Entry entry = back.next();
            if (entry.event().id().equals(id)) {
                return newer.reversed();
            }
            newer.add(entry);
        }
        return null;
    }

    /** The entries after sequence number {@code seq} (this instance's order), oldest first. */
    List<Entry> afterSeq(long seq) {
        List<Entry> newer = new ArrayList<>();
        Iterator<Entry> back = entries.descendingIterator();
        while (back.hasNext()) {
            Entry entry = back.next();
            if (entry.seq() <= seq) {
                break;
            }
            newer.add(entry);
        }
        return newer.reversed();
    }

    /** Every kept entry, oldest first. */
    List<Entry> all(long now) {
        dropOlderThan(now);
        return List.copyOf(entries);
    }

    /** The newest entry, or null. */
    Entry newest() {
        return entries.peekLast();
    }

    /** The sequence number of the newest event ever added (0 before the first). */
    long lastSeq() {
        return lastSeq;
    }

    /** Events kept now. */
    int size() {
        return entries.size();
    }

    /** Bytes kept now. */
    long bytes() {
        return bytes;
    }

    private void dropOlderThan(long now) {
        while (!entries.isEmpty() && now - entries.peekFirst().wire().madeNanos() > maxAgeNanos) {
            bytes -= entries.removeFirst().wire().size();
        }
    }
}

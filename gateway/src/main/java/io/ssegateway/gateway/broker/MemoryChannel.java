package io.ssegateway.gateway.broker;

import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import io.ssegateway.spi.broker.ChannelHistory;
import io.ssegateway.spi.broker.Replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One channel of the {@link MemoryBroker}: an ordered log in memory. Each event gets a sequence number, one more
 * than the one before; an event published without an id gets that number as its id, so the ids the channel gives
 * grow monotonically. The log keeps the newest events within the history's {@code events} and {@code age} and the
 * broker's byte bound (the oldest go first, the newest always stays), and remembers the id of the newest event it
 * dropped: a {@code Last-Event-ID} naming it is found (every event after it is still kept, so nothing was missed), as
 * the broker contract asks. Followers wait on a condition that each
 * publish signals; a follower's position is a sequence number, so it never returns an event twice.
 */
final class MemoryChannel implements BrokerChannel {
    private final String name;
    private final ChannelHistory history;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private final ArrayDeque<Stored> log = new ArrayDeque<>();
    /** The newest sequence number of each id kept, and of the newest dropped event's id. */
    private final Map<String, Long> seqById = new HashMap<>();
    /** The id and sequence number of the newest event dropped from the log (null: none yet), kept in seqById. */
    private String droppedId;
    private long droppedSeq;
    private long lastSeq;
    private long bytes;
    private boolean closed;

    /** An event as kept: its sequence number, when it was published and the bytes it takes. */
    private record Stored(long seq, ChannelEvent event, long atNanos, long size) {
    }

    MemoryChannel(String name, ChannelHistory history, long maxBytes) {
        this.name = name;
        this.history = history;
        this.maxBytes = maxBytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<ChannelEvent> publish(List<ChannelEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("at least one event is required");
        }
        List<ChannelEvent> stored = new ArrayList<>(events.size());
        lock.lock();
        try {
            long now = System.nanoTime();
            for (ChannelEvent event : events) {
                long seq = ++lastSeq;
                ChannelEvent kept = event.id().isEmpty() ? event.withId(Long.toString(seq)) : event;
                long size = size(kept);
                log.addLast(new Stored(seq, kept, now, size));
                seqById.put(kept.id(), seq);
                bytes += size;
                stored.add(kept);
            }
            trim(now);
            published.signalAll();
        } finally {
            lock.unlock();
        }
        return stored;
    }

    @Override
    public Replay after(String lastEventId, int limit) {
        lock.lock();
        try {
            trim(System.nanoTime());
            Long seq = seqById.get(lastEventId);
            if (seq == null) {
                return new Replay(false, newerThan(0, limit));
            }
            return new Replay(true, newerThan(seq, limit));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ChannelEvent> latest() {
        lock.lock();
        try {
            trim(System.nanoTime());
            return log.isEmpty() ? Optional.empty() : Optional.of(log.peekLast().event());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ChannelFollower follow(Optional<String> afterId) {
        lock.lock();
        try {
            long start = afterId.map(seqById::get).orElse(lastSeq);
            return new Follower(start);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every follower; they return empty from then on. */
    void close() {
        lock.lock();
        try {
            closed = true;
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Events kept now (for tests and the dashboard). */
    int size() {
        lock.lock();
        try {
            return log.size();
        } finally {
            lock.unlock();
        }
    }

    /** The kept events with a sequence number above {@code seq}, oldest first, at most {@code limit}. */
    private List<ChannelEvent> newerThan(long seq, int limit) {
        List<ChannelEvent> newer = new ArrayList<>();
        Iterator<Stored> back = log.descendingIterator();
        while (back.hasNext()) {
            Stored stored = back.next();
            if (stored.seq() <= seq) {
                break;
            }
            newer.add(stored.event());
        }
        List<ChannelEvent> oldestFirst = newer.reversed();
        return oldestFirst.size() > limit ? List.copyOf(oldestFirst.subList(0, limit)) : oldestFirst;
    }

    private void trim(long now) {
        long maxAge = history.age().toNanos();
        while (log.size() > 1 && (log.size() > history.events() || bytes > maxBytes
                                  || now - log.peekFirst().atNanos() > maxAge)) {
            drop();
        }
        if (log.size() == 1 && now - log.peekFirst().atNanos() > maxAge) {
            drop();
        }
    }

    private void drop() {
        Stored oldest = log.removeFirst();
        bytes -= oldest.size();
        if (droppedId != null) {
            seqById.remove(droppedId, droppedSeq);
        }
        droppedId = oldest.event().id();
        droppedSeq = oldest.seq();
    }

    private static long size(ChannelEvent event) {
        return event.id().length() + event.event().length()
                + (long) event.data().getBytes(StandardCharsets.UTF_8).length;
    }

    /** A live reader from a sequence number. */
    private final class Follower implements ChannelFollower {
        private long position;
        private volatile boolean stopped;

        Follower(long position) {
            this.position = position;
        }

        @Override
        public List<ChannelEvent> next(Duration maxWait) throws InterruptedException {
            long left = maxWait.toNanos();
            lock.lock();
            try {
                while (lastSeq <= position && !closed && !stopped && left > 0) {
                    left = published.awaitNanos(left);
                }
                if (closed || stopped || lastSeq <= position) {
                    return List.of();
                }
                List<ChannelEvent> events = newerThan(position, Integer.MAX_VALUE);
                position = lastSeq;
                return events;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            stopped = true;
            lock.lock();
            try {
                published.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}

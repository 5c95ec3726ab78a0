package io.ssegateway.gateway.share;

import io.ssegateway.gateway.channel.Json;
import io.ssegateway.gateway.resilience.Backoff;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.broker.ChannelFollower;
import io.ssegateway.spi.broker.Replay;
import io.ssegateway.spi.transform.SseEvent;
import io.ssegateway.gateway.sse.SseEventWriter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One channel on this gateway instance: its one broker follower, on one virtual thread, and the fan-out of what it
 * reads to every subscriber's {@link ClientQueue}, as a shared stream does with its upstream. At start the follower
 * reads the history the broker keeps into a {@link ChannelLog}, then follows the channel live from its newest event;
 * subscribers and long-polls are replayed from that log under the same lock the live events are handed out under,
 * so each gets every event once, in order. When the broker cannot be reached the follower asks again with a growing
 * pause (its position kept, so nothing the broker kept is lost); subscribers keep their streams meanwhile.
 */
public final class ChannelFanout {
    private static final Logger LOGGER = Logger.getLogger(ChannelFanout.class.getName());
    /** How long one call to the follower waits for events, so that a close is noticed. */
    private static final Duration FOLLOW_WAIT = Duration.ofSeconds(1);
    private static final Duration PAUSE_FIRST = Duration.ofMillis(100);
    private static final Duration PAUSE_MAX = Duration.ofSeconds(5);
    /** The longest a joining subscriber waits for this instance's follower to read an id the broker already has. */
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(5);

    /** Where the channel's follower is. */
    public enum State {
        /** Reading the broker's history, before following. */
        STARTING,
        /** Following the channel live. */
        FOLLOWING,
        /** The broker could not be reached; asking again after a pause. */
        BROKER_UNAVAILABLE,
        /** Closed with the gateway. */
        CLOSED
    }

    /** How a subscriber reads the channel. */
    public enum Format {
        /** {@code text/event-stream}: one SSE block per event. */
        SSE,
        /** {@code application/x-ndjson}: one JSON object {@code {id, event, data}} per line. */
        NDJSON
    }

    /** A subscriber's queue and format. */
    private record Subscriber(ClientQueue queue, Format format) {
    }

    private final String id;
    private final BrokerChannel channel;
    private final boolean latestOnJoin;
    private volatile IntConsumer onSubscribers = count -> { };
    /** Long-polls waiting now (they count as subscribers for {@link #onSubscribers}). */
    private int waiting;
    private final int historyEvents;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<Subscriber> clients = new ArrayList<>();
    private final ChannelLog log;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong slowClients = new AtomicLong();
    private final AtomicLong brokerErrors = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();

    // under the lock
    private State state = State.STARTING;
    private Thread follower;

    /**
     * The fan-out of {@code channel}, whose history keeps {@code historyEvents} events for {@code historyAge}; the
     * instance keeps at most as much, and at most {@code historyBytes} of SSE blocks.
     */
    public ChannelFanout(String id, BrokerChannel channel, int historyEvents, Duration historyAge, long historyBytes) {
        this(id, channel, historyEvents, historyAge, historyBytes, false);
    }

    /**
     * As above; with {@code latestOnJoin}, a subscriber or long-poll without {@code Last-Event-ID} gets the newest
     * event kept at once (a polled source's latest value).
     */
    public ChannelFanout(String id, BrokerChannel channel, int historyEvents, Duration historyAge, long historyBytes,
                         boolean latestOnJoin) {
        this.id = id;
        this.channel = channel;
        this.latestOnJoin = latestOnJoin;
        this.historyEvents = historyEvents;
        this.log = new ChannelLog(historyEvents, historyAge.toNanos(), historyBytes);
    }

    /**
     * Hears the number of subscribers and waiting long-polls after each change (outside the fan-out's lock); a
     * polled source starts and stops its poller by it.
     */
    public void onSubscribers(IntConsumer listener) {
        this.onSubscribers = listener;
    }

    /** Starts the follower thread. */
    public void start() {
        Thread t = Thread.ofVirtual().name("sse-channel-" + id).unstarted(this::run);
        lock.lock();
        try {
            follower = t;
        } finally {
            lock.unlock();
        }
        t.start();
    }

    /** The channel's id. */
    public String id() {
        return id;
    }

    /** The broker's channel, which publishers append to. */
    public BrokerChannel channel() {
        return channel;
    }

    /**
     * Publishes events, all or none, and counts them.
     *
     * @throws BrokerUnavailableException when the broker cannot be reached (nothing was published)
     */
    public List<ChannelEvent> publish(List<ChannelEvent> events) throws BrokerUnavailableException {
        List<ChannelEvent> stored;
        try {
            stored = channel.publish(events);
        } catch (BrokerUnavailableException e) {
            brokerErrors.incrementAndGet();
            throw e;
        }
        published.addAndGet(stored.size());
        return stored;
    }

    /**
     * Puts a subscriber on the channel: with {@code lastEventId} it first gets the events after that id, or the
     * whole history this instance keeps when the id is not in it (a gap, counted); without, only live events.
     *
     * @return false when {@code lastEventId} was not in history (the subscriber got the whole history)
     */
    public boolean join(ClientQueue queue, Format format, String lastEventId) {
        if (lastEventId != null) {
            awaitFollowerAt(lastEventId);
        }
        boolean found = true;
        int count;
        lock.lock();
        try {
            List<SharedEvent> replayed = List.of();
            if (lastEventId != null) {
                long now = System.nanoTime();
                List<ChannelLog.Entry> after = log.afterId(lastEventId, now);
                if (after == null) {
                    found = false;
                    gaps.incrementAndGet();
                    after = log.all(now);
                }
                replayed = after.stream().map(entry -> entry.as(format)).toList();
            } else if (latestOnJoin && log.newest() != null) {
                replayed = List.of(log.newest().as(format));
            }
            queue.joined(null, replayed);
            clients.add(new Subscriber(queue, format));
            count = clients.size() + waiting;
        } finally {
            lock.unlock();
        }
        onSubscribers.accept(count);
        return found;
    }

    /**
     * A {@code Last-Event-ID} this instance does not keep may be one the broker has and this instance's follower has
     * not read yet: published through another instance a moment ago (a client of a fleet reconnecting to another
     * gateway), or this instance is still reading the broker's history at start. Joining at once would replay the
     * whole history (events repeated) or nothing of what the follower is about to read into the history (events
     * lost). So when the broker has the id and this instance keeps neither it nor the event after it, this waits,
     * at most {@link #CATCH_UP_LIMIT}, until the follower has read it. An id the broker does not have (too old, never
     * published), or a broker that cannot be asked, is left at once to {@link #join}'s rule for an unknown id.
     */
    private void awaitFollowerAt(String lastEventId) {
        lock.lock();
        try {
            if (state == State.FOLLOWING && log.afterId(lastEventId, System.nanoTime()) != null) {
                return;
            }
        } finally {
            lock.unlock();
        }
        Replay inBroker;
        try {
            inBroker = channel.after(lastEventId, 1);
        } catch (BrokerUnavailableException | RuntimeException e) {
            return;
        }
        if (!inBroker.found()) {
            return;
        }
        String following = inBroker.events().isEmpty() ? null : inBroker.events().getFirst().id();
        long left = CATCH_UP_LIMIT.toNanos();
        lock.lock();
        try {
            while (state != State.CLOSED && left > 0 && log.afterId(lastEventId, System.nanoTime()) == null
                   && (following == null || log.afterId(following, System.nanoTime()) == null)) {
                left = arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** A subscriber leaves. */
    public void leave(ClientQueue queue) {
        int count;
        lock.lock();
        try {
            clients.removeIf(subscriber -> subscriber.queue() == queue);
            count = clients.size() + waiting;
        } finally {
            lock.unlock();
        }
        onSubscribers.accept(count);
    }

    /**
     * A long-poll: the events after {@code lastEventId} at once when there are any (the whole history kept when the
     * id is not in it), else the events that arrive within {@code wait} (none: an empty list). Without an id it
     * waits for the next events, or (with {@code latestOnJoin}) answers the newest event kept at once.
     *
     * @throws InterruptedException when the caller's thread is interrupted
     */
    public List<ChannelEvent> poll(String lastEventId, Duration wait) throws InterruptedException {
        int count;
        long from;
        lock.lock();
        try {
            long now = System.nanoTime();
            from = log.lastSeq();
            if (lastEventId != null) {
                List<ChannelLog.Entry> after = log.afterId(lastEventId, now);
                if (after == null) {
                    gaps.incrementAndGet();
                    after = log.all(now);
                }
                if (!after.isEmpty()) {
                    return events(after);
                }
            } else if (latestOnJoin && log.newest() != null) {
                return events(List.of(log.newest()));
            }
            count = clients.size() + ++waiting;
        } finally {
            lock.unlock();
        }
        onSubscribers.accept(count);
        try {
            return await(from, wait);
        } finally {
            lock.lock();
            try {
                count = clients.size() + --waiting;
            } finally {
                lock.unlock();
            }
            onSubscribers.accept(count);
        }
    }

    /** The events after sequence number {@code from} once any are there, waiting at most {@code wait}. */
    private List<ChannelEvent> await(long from, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long left = wait.toNanos();
            while (log.lastSeq() == from && state != State.CLOSED && left > 0) {
                left = arrived.awaitNanos(left);
            }
            return events(log.afterSeq(from));
        } finally {
            lock.unlock();
        }
    }

    /** The newest event this instance keeps, if any. */
    public Optional<ChannelEvent> latest() {
        lock.lock();
        try {
            ChannelLog.Entry newest = log.newest();
            return newest == null ? Optional.empty() : Optional.of(newest.event());
        } finally {
            lock.unlock();
        }
    }

    /** Counts events written to subscribers (SSE, NDJSON and long-poll). */
    public void delivered(long events) {
        delivered.addAndGet(events);
    }

    /** Ends the follower and every subscriber's place (their responses end with a {@code retry:} hint). */
    public void close() {
        List<Subscriber> left;
        Thread t;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            left = new ArrayList<>(clients);
            clients.clear();
            t = follower;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        left.forEach(subscriber -> subscriber.queue().end(ClientQueue.End.UPSTREAM_ERROR));
        if (t != null) {
            t.interrupt();
        }
    }

    /** Where the follower is. */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Subscribers (SSE and NDJSON) on the channel now. */
    public int subscribers() {
        lock.lock();
        try {
            return clients.size();
        } finally {
            lock.unlock();
        }
    }

    /** Events this instance keeps for replay now. */
    public int historySize() {
        lock.lock();
        try {
            return log.size();
        } finally {
            lock.unlock();
        }
    }

    /** Events published through this instance so far. */
    public long published() {
        return published.get();
    }

    /** Events written to subscribers so far. */
    public long delivered() {
        return delivered.get();
    }

    /** Subscribers closed for falling behind by more than {@code max-queue}. */
    public long slowClients() {
        return slowClients.get();
    }

    /** Broker calls that failed (publishes and follows). */
    public long brokerErrors() {
        return brokerErrors.get();
    }

    /** Subscribers and long-polls whose {@code Last-Event-ID} was not in history (they got the whole history). */
    public long gaps() {
        return gaps.get();
    }

    private void run() {
        ChannelFollower follow = null;
        int failures = 0;
        try {
            while (state() != State.CLOSED) {
                try {
                    if (follow == null) {
                        follow = prime();
                    }
                    List<ChannelEvent> events = follow.next(FOLLOW_WAIT);
                    setState(State.FOLLOWING);
                    if (failures > 0) {
                        LOGGER.info("channel " + id + ": the broker answers again; following");
                        failures = 0;
                    }
                    if (!events.isEmpty()) {
                        deliver(events, true);
                    }
                } catch (BrokerUnavailableException | RuntimeException e) {
                    brokerErrors.incrementAndGet();
                    if (failures == 0) {
                        LOGGER.log(e instanceof RuntimeException ? Level.WARNING : Level.INFO, "channel " + id
                                   + ": the broker cannot be reached (" + e.getMessage() + "); subscribers keep"
                                   + " their streams, asking again", e instanceof RuntimeException ? e : null);
                    }
                    setState(State.BROKER_UNAVAILABLE);
                    pause(Backoff.delay(PAUSE_FIRST, PAUSE_MAX, failures++));
                }
            }
        } catch (InterruptedException e) {
            // closed
        } finally {
            if (follow != null) {
                follow.close();
            }
        }
    }

    /** Reads the broker's history into the log and opens the follower after its newest event. */
    private ChannelFollower prime() throws BrokerUnavailableException {
        // an empty id is never an event's id: the broker answers with the whole history it keeps
        Replay history = channel.after("", historyEvents);
        List<ChannelEvent> events = history.events();
        if (!events.isEmpty()) {
            deliver(events, false);
        }
        Optional<String> after = events.isEmpty() ? Optional.empty() : Optional.of(events.getLast().id());
        ChannelFollower follow = channel.follow(after);
        LOGGER.fine(() -> "channel " + id + ": following after " + after.orElse("(now)") + ", " + events.size()
                    + " events of history");
        return follow;
    }

    /** Adds events to the log and, when live, to every subscriber's queue; subscribers made slow are dropped. */
    private void deliver(List<ChannelEvent> events, boolean live) {
        long now = System.nanoTime();
        List<Subscriber> slow = null;
        lock.lock();
        try {
            for (ChannelEvent event : events) {
                byte[] block;
                try {
                    block = SseEventWriter.write(new SseEvent(event.id(), event.event().isEmpty() ? null
                            : event.event(), event.data(), null, List.of()));
                } catch (IllegalArgumentException e) {
                    LOGGER.warning("channel " + id + ": the broker returned an event that cannot be written safely;"
                                   + " dropped: " + e.getMessage());
                    continue;
                }
                SharedEvent wire = new SharedEvent(block, event.id(), event.id(), true, now);
                byte[] json = (Json.event(event.id(), event.event(), event.data()) + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                ChannelLog.Entry entry = log.add(event, wire, new SharedEvent(json, event.id(), event.id(), true,
                                                                              now));
                if (!live) {
                    continue;
                }
                for (Subscriber client : clients) {
                    if (!client.queue().offer(entry.as(client.format()))) {
                        if (slow == null) {
                            slow = new ArrayList<>();
                        }
                        slow.add(client);
                    }
                }
                if (slow != null) {
                    clients.removeAll(slow);
                }
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (slow != null) {
            slowClients.addAndGet(slow.stream().distinct().filter(c -> c.queue().end() == ClientQueue.End.SLOW)
                                          .count());
        }
    }

    private void setState(State next) {
        lock.lock();
        try {
            if (state != State.CLOSED) {
                state = next;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits before asking the broker again; returns early when closed. */
    private void pause(Duration wait) throws InterruptedException {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (state != State.CLOSED && left > 0) {
                left = arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private static List<ChannelEvent> events(List<ChannelLog.Entry> entries) {
        return entries.stream().map(ChannelLog.Entry::event).toList();
    }
}

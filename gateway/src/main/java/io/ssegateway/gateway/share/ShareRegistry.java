package io.ssegateway.gateway.share;

import io.ssegateway.gateway.observe.SharedStreamsView;
import io.ssegateway.gateway.route.Route;

import java.util.ArrayList;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's shared streams by share key, and their counters. A client joins the stream of its key, which the
 * first client opens, with its {@code Last-Event-ID} if it has one (a reconnect to a gateway that has no stream for
 * the key, as after a restart); one whose {@code Last-Event-ID} cannot be served from a stream's replay buffer is
 * told to open a private stream instead, and joins the shared stream once it has caught up ({@link #joinCaughtUp}).
 * One timer thread runs every shared stream's linger and first-byte deadlines.
 */
public final class ShareRegistry implements AutoCloseable {
    private final ConcurrentHashMap<String, SharedStream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-shared-timer");
        t.setDaemon(true);
        return t;
    });
    private final LongAdder opened = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder replayMisses = new LongAdder();
    private final LongAdder slowClients = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder caughtUp = new LongAdder();

    /**
     * Puts a client on the shared stream of {@code key}, opening it if there is none (with the client's
     * {@code Last-Event-ID}, so that everything after that id goes through the replay buffer); null when the client
     * must have a private upstream stream instead (its {@code Last-Event-ID} is not in the replay buffer, or it has
     * none and the stream, opened after another client's id, has not answered yet).
     */
    public SharedStream join(String key, Route route, SharedStream.Target target, String lastEventId,
                             ClientQueue queue) {
        while (true) {
            SharedStream stream = streams.get(key);
            boolean made = false;
            if (stream == null) {
                // a client with an id opens the upstream after it: clients with that id or a later one join it, and
                // those with older ids go private and join once caught up (after a restart, one origin stream)
                SharedStream fresh = new SharedStream(key, route, target, lastEventId, this, timer);
                stream = streams.putIfAbsent(key, fresh);
                if (stream == null) {
                    stream = fresh;
                    made = true;
                }
            }
            SharedStream.Join join = stream.join(queue, lastEventId);
            if (made) {
                opened.increment();
                stream.start();
            }
            switch (join) {
            case JOINED -> {
                joined.increment();
                if (lastEventId != null) {
                    replays.increment();
                }
                return stream;
            }
            case NOT_ANSWERED -> {
                return null;
            }
            case NOT_IN_REPLAY -> {
                replayMisses.increment();
                return null;
            }
            default -> streams.remove(key, stream);
            }
        }
    }

    /**
     * Puts a client served privately so far on the shared stream of {@code key} after {@code lastEventId}, the id of
     * the last event written to it, if that stream is live and has that id in its replay buffer; null otherwise (it
     * goes on privately). Opens no stream. Waits at most {@code wait} for {@code lastEventId} to reach the replay
     * buffer if {@code behind}, an id the client was written before it, is there already: the shared upstream is then
     * a moment behind the client's private one (which may be so on every event).
     */
    public SharedStream joinCaughtUp(String key, String lastEventId, String behind, Duration wait, ClientQueue queue)
            throws InterruptedException {
        SharedStream stream = streams.get(key);
        if (stream == null || lastEventId == null || !stream.joinCaughtUp(queue, lastEventId, behind, wait)) {
            return null;
        }
        joined.increment();
        caughtUp.increment();
        return stream;
    }

    /** The shared streams open now. */
    public List<SharedStream> streams() {
        return List.copyOf(streams.values());
    }

    /** The shared streams as the dashboard shows them. */
    public SharedStreamsView view() {
        List<SharedStream> open = streams();
        List<SharedStreamsView.Row> rows = new ArrayList<>();
        long clients = 0;
        for (SharedStream stream : open) {
            int count = stream.clientCount();
            clients += count;
            if (rows.size() < SharedStreamsView.MAX_ROWS) {
                rows.add(new SharedStreamsView.Row(stream.routeId(), stream.path(),
                                                   stream.lifecycle().name().toLowerCase(Locale.ROOT), count,
                                                   stream.events()));
            }
        }
        rows.sort(Comparator.comparingInt(SharedStreamsView.Row::clients).reversed());
        return new SharedStreamsView(rows, open.size(), clients, opened(), saved(), replays(), replayMisses(), caughtUp(),
                                     slowClients());
    }

    /** Clients on shared streams now. */
    public long clients() {
        long clients = 0;
        for (SharedStream stream : streams.values()) {
            clients += stream.clientCount();
        }
        return clients;
    }

    /** Shared upstream streams opened so far. */
    public long opened() {
        return opened.sum();
    }

    /** Clients that joined a shared stream so far. */
    public long joined() {
        return joined.sum();
    }

    /** Upstream streams saved: joins that did not open an upstream stream of their own. */
    public long saved() {
        return Math.max(0, joined.sum() - opened.sum());
    }

    /** Clients served missed events from a replay buffer. */
    public long replays() {
        return replays.sum();
    }

    /** Clients whose {@code Last-Event-ID} was not in a replay buffer (they got private streams). */
    public long replayMisses() {
        return replayMisses.sum();
    }

    /** Clients served privately (their id was not in a replay buffer) that joined a shared stream once caught up. */
    public long caughtUp() {
        return caughtUp.sum();
    }

    /** Clients closed for falling behind by more than {@code max-queue}. */
    public long slowClients() {
        return slowClients.sum();
    }

    /** Shared upstream streams resumed after they broke. */
    public long resumes() {
        return resumes.sum();
    }

    void slowClients(int count) {
        slowClients.add(count);
    }

    void resumed() {
        resumes.increment();
    }

    void closed(SharedStream stream) {
        streams.remove(stream.key(), stream);
    }

    /** Closes every shared stream and the timer. */
    @Override
    public void close() {
        for (SharedStream stream : streams.values()) {
            stream.close();
        }
        timer.shutdownNow();
    }
}

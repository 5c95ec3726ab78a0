package io.ssegateway.gateway.share;

import io.helidon.http.WritableHeaders;
import io.helidon.webclient.api.HttpClientResponse;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.stream.StreamIds;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * One upstream event stream shared by every client whose share key is equal: its life ({@link Lifecycle}), its
 * clients and the fan-out. Its {@link SharedReader} (one virtual thread) reads the upstream and resumes it; each
 * block it makes ({@link SharedEvent}) is kept in a {@link ReplayBuffer} and handed to every client's
 * {@link ClientQueue} ({@link #publish}), which never waits for a client. Opened by the first client; closed
 * {@code linger} after the last one left.
 */
public final class SharedStream implements StreamInfo {
    private static final Logger LOGGER = Logger.getLogger(SharedStream.class.getName());

    /** Where a shared stream is in its life. */
    public enum Lifecycle {
        /** The first client is waiting for the upstream's response head. */
        OPENING,
        /** The upstream is being read and clients are on it. */
        LIVE,
        /** The upstream broke; it is being resumed with {@code Last-Event-ID}. */
        RESUMING,
        /** No client is left; the upstream stays open until {@code linger} passes or a client joins. */
        LINGERING,
        /** The upstream is closed; no client may join. */
        CLOSED
    }

    /** What a join came to. */
    public enum Join {
        /** The client is on the stream (with the replayed events first, if it asked for any). */
        JOINED,
        /** The client's {@code Last-Event-ID} is not in the replay buffer: it needs a private upstream stream. */
        NOT_IN_REPLAY,
        /**
         * The client has no {@code Last-Event-ID} and the stream, opened after another client's id, has not answered
         * yet: the origin's answer to that id (an error for an id it does not know, say) is not this client's. It
         * gets a private upstream stream and joins once caught up.
         */
        NOT_ANSWERED,
        /** The stream closed meanwhile: try a new one. */
        CLOSED
    }

    /**
     * What the shared upstream request is made of.
     *
     * @param pathAndQuery the raw path and query sent upstream
     * @param headers      the {@code upstream-headers} values of the opening client, by lower-case name
     * @param view         what the balancer sees of the shared request (no client's request)
     */
    public record Target(String pathAndQuery, Map<String, List<String>> headers, RequestView view) {
    }

    private final long id = StreamIds.next();
    private final String key;
    private final Route route;
    private final ShareSettings settings;
    private final Target target;
    private final ShareRegistry registry;
    private final ScheduledExecutorService timer;
    private final Instant started = Instant.now();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Fanout clients;
    /** The {@code Last-Event-ID} the upstream is first opened with, or null. */
    private final String openedAfter;

    // under the lock
    private Lifecycle lifecycle = Lifecycle.OPENING;
    private Lifecycle beforeLinger;
    private FirstAnswer answer;
    private long lingerGeneration;
    private HttpClientResponse response;
    private Thread reader;

    // written by the reader
    private volatile String upstream = "";
    private volatile int status;
    private volatile long events;
    private volatile long bytes;

    /**
     * A stream not started yet; {@code openedAfter}, when not null, is the {@code Last-Event-ID} its upstream is
     * opened with (a client that reconnected to a gateway with no stream for its key), so a client with that id can
     * join it with nothing missed.
     */
    SharedStream(String key, Route route, Target target, String openedAfter, ShareRegistry registry,
                 ScheduledExecutorService timer) {
        this.key = key;
        this.openedAfter = openedAfter;
        this.route = route;
        this.settings = route.settings().share().orElseThrow();
        this.target = target;
        this.registry = registry;
        this.timer = timer;
        this.clients = new Fanout(settings.replay(), openedAfter);
    }

    /** Starts the reader thread, which opens the upstream. */
    void start() {
        Thread t = Thread.ofVirtual().name("sse-shared-" + id)
                .unstarted(new SharedReader(this, route, new UpstreamOpener(this, route, target, timer),
                                            openedAfter));
        lock.lock();
        try {
            reader = t;
        } finally {
            lock.unlock();
        }
        t.start();
    }

    /** The upstream path, without the query (the dashboard shows it; a query may hold a token). */
    public String path() {
        int query = target.pathAndQuery().indexOf('?');
        return query < 0 ? target.pathAndQuery() : target.pathAndQuery().substring(0, query);
    }

    /** The share key. */
    public String key() {
        return key;
    }

    /** Where the stream is in its life. */
    public Lifecycle lifecycle() {
        lock.lock();
        try {
            return lifecycle;
        } finally {
            lock.unlock();
        }
    }

    /** Clients on the stream now. */
    public int clientCount() {
        lock.lock();
        try {
            return clients.size();
        } finally {
            lock.unlock();
        }
    }

    /** Puts a client on the stream; with {@code lastEventId}, only if that id is in the replay buffer. */
    Join join(ClientQueue queue, String lastEventId) {
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                return Join.CLOSED;
            }
            if (lastEventId == null && openedAfter != null && answer == null) {
                return Join.NOT_ANSWERED;
            }
            if (!clients.add(queue, lastEventId, this)) {
                return Join.NOT_IN_REPLAY;
            }
            if (lifecycle == Lifecycle.LINGERING) {
                lifecycle = beforeLinger;
                lingerGeneration++;
            }
            return Join.JOINED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts a client that has been served privately so far on the stream, after {@code lastEventId}, the id of the
     * last event written to it: only if the stream is live (its first answer was an event stream) and that id is in
     * its replay buffer (or is its newest id, or the one it was opened after), so the client goes on with nothing
     * lost or repeated. When {@code behind}, an id the client was written before, is kept already, waits at most
     * {@code wait} for {@code lastEventId} to be kept too (the shared upstream got the same events a moment after
     * the client's private one).
     */
    boolean joinCaughtUp(ClientQueue queue, String lastEventId, String behind, Duration wait)
            throws InterruptedException {
        if (behind != null && !clients.awaitKept(lastEventId, behind, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        return joinLocked(queue, lastEventId);
    }

    private boolean joinLocked(ClientQueue queue, String lastEventId) {
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED || !(answer instanceof FirstAnswer.EventStream)
                    || !clients.add(queue, lastEventId, this)) {
                return false;
            }
            if (lifecycle == Lifecycle.LINGERING) {
                lifecycle = beforeLinger;
                lingerGeneration++;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The upstream's first answer, waiting for it at most {@code within} while {@code queue}, the waiting client's,
     * is open: an {@link FirstAnswer.EventStream} head the client's response starts with, or the answer it gets
     * instead; null if the client left meanwhile, the stream was closed (gateway shutdown), or the time passed.
     */
    public FirstAnswer awaitAnswer(ClientQueue queue, Duration within) throws InterruptedException {
        long left = within.toNanos();
        lock.lock();
        try {
            while (answer == null && lifecycle != Lifecycle.CLOSED && left > 0 && queue.end() == null) {
                left = changed.awaitNanos(left);
            }
            return answer;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A client leaves; after the last one the stream lingers, then closes. A client closed as slow was already
     * taken off the stream, and may be the last one: the stream lingers all the same.
     */
    void leave(ClientQueue queue) {
        long generation;
        lock.lock();
        try {
            changed.signalAll(); // a client waiting for the head wakes
            clients.remove(queue);
            generation = startLingeringLocked();
        } finally {
            lock.unlock();
        }
        scheduleLingered(generation);
    }

    /** With no client left, starts lingering; returns its generation, or -1 when it does not start now. */
    private long startLingeringLocked() {
        if (clients.size() > 0 || lifecycle == Lifecycle.CLOSED || lifecycle == Lifecycle.LINGERING) {
            return -1;
        }
        beforeLinger = lifecycle;
        lifecycle = Lifecycle.LINGERING;
        return ++lingerGeneration;
    }

    private void scheduleLingered(long generation) {
        if (generation >= 0) {
            timer.schedule(() -> lingered(generation), settings.linger().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the stream now (gateway shutdown): its clients' responses end as if the upstream had broken. */
    void close() {
        finish(ClientQueue.End.UPSTREAM_ERROR);
    }

    private void lingered(long generation) {
        lock.lock();
        try {
            if (lifecycle != Lifecycle.LINGERING || generation != lingerGeneration || clients.size() > 0) {
                return;
            }
        } finally {
            lock.unlock();
        }
        LOGGER.fine(() -> "route " + route.id() + ": shared stream " + id + " closed after linger");
        finish(ClientQueue.End.LEFT);
    }

    /**
     * The first upstream answer is a shareable event stream: the stream is live, its waiting clients get the head.
     * False when the stream closed meanwhile (the caller closes the response).
     */
    boolean live(URI answered, HttpClientResponse r) {
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                return false;
            }
            response = r;
            answer = new FirstAnswer.EventStream(r.status().code(), r.status().reasonPhrase(),
                                                 WritableHeaders.create(r.headers()), answered.toString());
            status = r.status().code();
            if (lifecycle == Lifecycle.OPENING) {
                lifecycle = Lifecycle.LIVE;
            } else if (beforeLinger == Lifecycle.OPENING) {
                beforeLinger = Lifecycle.LIVE;
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The upstream's first answer is not an event stream (or there was none): every client waiting gets
     * {@code refusal}, and the stream closes, so no client joins it any more.
     */
    void refused(FirstAnswer refusal) {
        lock.lock();
        try {
            if (lifecycle != Lifecycle.CLOSED) {
                answer = refusal;
                status = refusal instanceof FirstAnswer.Other other ? other.status()
                        : ((FirstAnswer.Failed) refusal).status();
            }
        } finally {
            lock.unlock();
        }
        finish(ClientQueue.End.UPSTREAM_ERROR);
    }

    /** The upstream was resumed on {@code r}; false when the stream closed meanwhile (the caller closes it). */
    boolean resumed(HttpClientResponse r) {
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                return false;
            }
            response = r;
        } finally {
            lock.unlock();
        }
        registry.resumed();
        broken(false);
        return true;
    }

    /** Keeps the upstream response just answered, so a close closes it; false when the stream closed meanwhile. */
    boolean holdResponse(HttpClientResponse r) {
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                return false;
            }
            response = r;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The upstream now read (for {@link #upstream()}). */
    void upstream(String upstream) {
        this.upstream = upstream;
    }

    /**
     * Hands blocks (those of one upstream read, in order) to the replay buffer and every client; clients made slow by
     * them are dropped from the stream.
     */
    void publish(List<SharedEvent> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            SharedEvent event = blocks.get(i);
            if (event.dispatches()) {
                events++;
            }
            bytes += event.size();
        }
        int slow = clients.publish(blocks);
        if (slow > 0) {
            registry.slowClients(slow);
            long lingering;
            lock.lock();
            try {
                lingering = startLingeringLocked(); // the slow ones may have been the last
            } finally {
                lock.unlock();
            }
            scheduleLingered(lingering);
        }
    }

    /** Ends the stream and every client's place on it, closing the upstream. */
    void finish(ClientQueue.End why) {
        List<ClientQueue> left;
        HttpClientResponse r;
        Thread t;
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            lifecycle = Lifecycle.CLOSED;
            left = clients.removeAll();
            r = response;
            t = reader;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        registry.closed(this);
        for (ClientQueue client : left) {
            client.end(why);
        }
        if (r != null) {
            try {
                r.close();
            } catch (RuntimeException e) {
                // closed either way
            }
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt(); // a reader waiting for a response head or a resume's backoff
        }
    }

    /** Whether the stream is closed. */
    boolean closed() {
        return lifecycle() == Lifecycle.CLOSED;
    }

    /** The upstream broke and is being resumed ({@code true}), or runs again. */
    void broken(boolean broken) {
        lock.lock();
        try {
            Lifecycle now = broken ? Lifecycle.RESUMING : Lifecycle.LIVE;
            if (lifecycle == Lifecycle.LINGERING) {
                beforeLinger = now;
            } else if (lifecycle != Lifecycle.CLOSED) {
                lifecycle = now;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits before a resume attempt; false when the stream closed meanwhile. */
    boolean pause(Duration wait) {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (lifecycle != Lifecycle.CLOSED && left > 0) {
                left = changed.awaitNanos(left);
            }
            return lifecycle != Lifecycle.CLOSED;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long streamId() {
        return id;
    }

    @Override
    public String routeId() {
        return route.id();
    }

    @Override
    public String upstream() {
        return upstream;
    }

    @Override
    public String clientAddress() {
        return "";
    }

    @Override
    public String identity() {
        return "";
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Instant started() {
        return started;
    }

    @Override
    public long events() {
        return events;
    }

    @Override
    public long bytes() {
        return bytes;
    }
}

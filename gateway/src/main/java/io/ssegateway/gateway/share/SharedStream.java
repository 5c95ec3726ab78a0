package io.ssegateway.gateway.share;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.config.ShareSettings;
import io.ssegateway.gateway.sse.RelayedIds;
import io.ssegateway.gateway.resilience.Backoff;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.sse.EventTooLargeException;
import io.ssegateway.gateway.sse.ParsedEvent;
import io.ssegateway.gateway.sse.SseEventWriter;
import io.ssegateway.gateway.sse.SseParser;
import io.ssegateway.spi.RequestView;
import io.ssegateway.spi.StreamInfo;
import io.ssegateway.spi.transform.EventTransform;
import io.ssegateway.spi.transform.SseEvent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One upstream event stream shared by every client whose share key is equal. Its reader, one virtual thread, reads
 * the upstream, splits it into whole blocks with {@link SseParser} (the transforms run here, once for all clients),
 * keeps the last blocks in a {@link ReplayBuffer} and hands each to every client's {@link ClientQueue}. When the
 * upstream breaks it is resumed with {@code Last-Event-ID} (the route's {@code resume} settings) once for all
 * clients, and blocks whose id was already handed out are dropped. A clean end of the upstream's response ends every
 * client's response. Opened by the first client; closed {@code linger} after the last one left.
 */
public final class SharedStream implements StreamInfo {
    private static final Logger LOGGER = Logger.getLogger(SharedStream.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final int BUFFER_SIZE = 8192;
    /** A reader that has found bytes waiting on every read for this long steps aside once. */
    private static final long STEP_ASIDE_NANOS = 1_000_000;
    /** A read that took longer than this waited for the upstream (others ran meanwhile). */
    private static final long WAITED_NANOS = 50_000;

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

    /**
     * The upstream's response head, which every client's response starts with.
     *
     * @param status   the status code
     * @param reason   the reason phrase
     * @param headers  the upstream's headers
     * @param upstream the upstream that answered
     */
    public record Head(int status, String reason, Headers headers, String upstream) {
    }

    private final long id = IDS.incrementAndGet();
    private final String key;
    private final Route route;
    private final ShareSettings settings;
    private final Target target;
    private final ShareRegistry registry;
    private final ScheduledExecutorService timer;
    private final Instant started = Instant.now();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<ClientQueue> clients = new ArrayList<>();
    private final ReplayBuffer replay;
    /** Ids handed out, so a resumed upstream's repeats are dropped; the reader's only. */
    private final RelayedIds ids = new RelayedIds();
    private final SseEventWriter writer = new SseEventWriter();

    // under the lock
    private Lifecycle lifecycle = Lifecycle.OPENING;
    private Lifecycle beforeLinger;
    private Head head;
    private long lingerGeneration;
    private HttpClientResponse response;
    private Thread reader;

    // the reader's
    private volatile String upstream = "";
    private volatile int status;
    private volatile long events;
    private volatile long bytes;
    private Long retry;
    private boolean resumed;

    SharedStream(String key, Route route, Target target, ShareRegistry registry, ScheduledExecutorService timer) {
        this.key = key;
        this.route = route;
        this.settings = route.settings().share().orElseThrow();
        this.target = target;
        this.registry = registry;
        this.timer = timer;
        this.replay = new ReplayBuffer(settings.replay());
    }

    /** Starts the reader thread, which opens the upstream. */
    void start() {
        Thread t = Thread.ofVirtual().name("sse-shared-" + id).unstarted(this::run);
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
            List<SharedEvent> replayed = List.of();
            if (lastEventId != null) {
                replayed = replay.after(lastEventId, System.nanoTime());
                if (replayed == null) {
                    return Join.NOT_IN_REPLAY;
                }
            }
            if (lifecycle == Lifecycle.LINGERING) {
                lifecycle = beforeLinger;
                lingerGeneration++;
            }
            queue.joined(this, replayed);
            clients.add(queue);
            return Join.JOINED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The upstream's response head, waiting for it at most {@code within} while {@code queue}, the waiting client's,
     * is open; null if the stream could not open or the client left meanwhile.
     */
    public Head awaitHead(ClientQueue queue, Duration within) throws InterruptedException {
        long left = within.toNanos();
        lock.lock();
        try {
            while (head == null && lifecycle != Lifecycle.CLOSED && left > 0 && queue.end() == null) {
                left = changed.awaitNanos(left);
            }
            return head;
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
        if (!clients.isEmpty() || lifecycle == Lifecycle.CLOSED || lifecycle == Lifecycle.LINGERING) {
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
            if (lifecycle != Lifecycle.LINGERING || generation != lingerGeneration || !clients.isEmpty()) {
                return;
            }
        } finally {
            lock.unlock();
        }
        LOGGER.fine(() -> "route " + route.id() + ": shared stream " + id + " closed after linger");
        finish(ClientQueue.End.LEFT);
    }

    private void run() {
        Opened first = open(null);
        if (first == null || !shareable(first.response)) {
            if (first != null) {
                LOGGER.info("route " + route.id() + ": shared stream " + id + " not shared: upstream " + first.upstream
                            + " answered " + first.response.status().code() + " "
                            + first.response.headers().contentType().map(Object::toString).orElse("")
                            + "; its clients get private streams");
                first.response.close();
            }
            finish(ClientQueue.End.UPSTREAM_ERROR);
            return;
        }
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                first.response.close();
                return;
            }
            response = first.response;
            HttpClientResponse r = first.response;
            head = new Head(r.status().code(), r.status().reasonPhrase(), WritableHeaders.create(r.headers()),
                            first.upstream.toString());
            status = head.status();
            if (lifecycle == Lifecycle.OPENING) {
                lifecycle = Lifecycle.LIVE;
            } else if (beforeLinger == Lifecycle.OPENING) {
                beforeLinger = Lifecycle.LIVE;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Opened current = first;
        int attempt = 0;
        while (true) {
            ClientQueue.End ended = relay(current);
            if (closed()) {
                return;
            }
            if (ended == ClientQueue.End.UPSTREAM_ENDED || !resume().enabled() || ids.last() == null) {
                finish(ended);
                return;
            }
            setBroken(true);
            Opened next = null;
            while (next == null && attempt < resume().maxAttempts()) {
                Duration wait = retry != null
                        ? Duration.ofMillis(Math.min(retry, resume().backoffMax().toMillis()))
                        : Backoff.delay(resume().backoffInitial(), resume().backoffMax(), attempt);
                attempt++;
                if (!pause(wait)) {
                    return;
                }
                Opened tried = open(ids.last());
                if (tried != null && shareable(tried.response)) {
                    next = tried;
                } else {
                    if (tried != null) {
                        tried.response.close();
                    }
                    LOGGER.warning("route " + route.id() + ": shared stream " + id + " resume attempt " + attempt
                                   + " of " + resume().maxAttempts() + " after id " + ids.last() + " failed");
                }
            }
            if (next == null) {
                finish(ClientQueue.End.UPSTREAM_ERROR);
                return;
            }
            LOGGER.info("route " + route.id() + ": shared stream " + id + " resumed on " + next.upstream
                        + " after id " + ids.last());
            lock.lock();
            try {
                if (lifecycle == Lifecycle.CLOSED) {
                    next.response.close();
                    return;
                }
                response = next.response;
            } finally {
                lock.unlock();
            }
            registry.resumed();
            setBroken(false);
            ids.resumed();
            resumed = true;
            current = next;
            attempt = 0;
        }
    }

    /** Reads one upstream body to its end; returns how it ended. */
    private ClientQueue.End relay(Opened current) {
        tellBalancer(route.balancer()::streamOpened, current.upstream);
        upstream = current.upstream.toString();
        SseParser parser = new SseParser(route.settings().maxEventSize(), this::onBlock);
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream in = current.response.inputStream()) {
            long busySince = System.nanoTime();
            while (true) {
                long readStart = System.nanoTime();
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return ClientQueue.End.UPSTREAM_ENDED;
                }
                long readAt = System.nanoTime();
                if (readAt - readStart > WAITED_NANOS) {
                    busySince = readAt;
                }
                parser.feed(buffer, 0, n);
                if (readAt - busySince > STEP_ASIDE_NANOS) {
                    // virtual threads are not time-sliced: a busy upstream would keep the clients' writers (woken on
                    // this carrier's queue) waiting; a timed park lets them run (as RelayLoop does)
                    LockSupport.parkNanos(1);
                    busySince = System.nanoTime();
                }
            }
        } catch (EventTooLargeException e) {
            LOGGER.warning("route " + route.id() + ": upstream " + upstream + " sent an event over " + e.limit()
                           + " bytes (max-event-size); shared stream " + id + " closed");
            return ClientQueue.End.UPSTREAM_ENDED;
        } catch (IOException | RuntimeException e) {
            if (!closed()) {
                route.health().failed(current.upstream, "shared stream broke after " + events + " events");
            }
            return ClientQueue.End.UPSTREAM_ERROR;
        } finally {
            current.response.close();
            tellBalancer(route.balancer()::streamClosed, current.upstream);
        }
    }

    private void onBlock(ParsedEvent block) {
        SseEvent original = block.event();
        if (original.retry() != null) {
            retry = original.retry();
        }
        long now = System.nanoTime();
        if (!block.dispatches()) {
            publish(new SharedEvent(block.raw(), original.id(), block.lastEventId(), false, now));
            return;
        }
        if (resumed && ids.seen(original.id())) {
            return; // handed out before the upstream was resumed
        }
        List<EventTransform> transforms = route.transforms();
        List<SseEvent> out = transforms.isEmpty() ? List.of(original) : transform(original);
        if (out.size() == 1 && out.get(0) == original) {
            publish(new SharedEvent(block.raw(), original.id(), block.lastEventId(), true, now));
            return;
        }
        for (SseEvent event : out) {
            byte[] bytes;
            try {
                bytes = SseEventWriter.write(event);
            } catch (IllegalArgumentException e) {
                LOGGER.warning("transform on route " + route.id() + " produced an event that cannot be written"
                               + " safely; dropped: " + e.getMessage());
                continue;
            }
            publish(new SharedEvent(bytes, event.id(), event.id() != null ? event.id() : block.lastEventId(), true,
                                    now));
        }
    }

    private List<SseEvent> transform(SseEvent original) {
        List<SseEvent> current = List.of(original);
        for (EventTransform transform : route.transforms()) {
            List<SseEvent> next = new ArrayList<>(current.size());
            for (SseEvent event : current) {
                try {
                    next.addAll(Objects.requireNonNull(transform.apply(event, this), "the transform returned null"));
                } catch (Exception e) {
                    LOGGER.log(Level.WARNING, "transform on route " + route.id() + " threw; event dropped (shared"
                               + " stream " + id + ")", e);
                }
            }
            current = next;
        }
        return current;
    }

    /** Hands a block to the replay buffer and every client; clients made slow by it are dropped from the stream. */
    private void publish(SharedEvent event) {
        if (event.id() != null) {
            ids.written(event.id());
        }
        if (event.dispatches()) {
            events++;
        }
        bytes += event.size();
        List<ClientQueue> slow = null;
        long lingering = -1;
        lock.lock();
        try {
            replay.add(event);
            for (ClientQueue client : clients) {
                if (!client.offer(event)) {
                    if (slow == null) {
                        slow = new ArrayList<>();
                    }
                    slow.add(client);
                }
            }
            if (slow != null) {
                clients.removeAll(slow);
                lingering = startLingeringLocked(); // the slow ones may have been the last
            }
        } finally {
            lock.unlock();
        }
        scheduleLingered(lingering);
        if (slow != null) {
            registry.slowClients(slow.size());
        }
    }

    /** Ends the stream and every client's place on it, closing the upstream. */
    private void finish(ClientQueue.End why) {
        List<ClientQueue> left;
        HttpClientResponse r;
        Thread t;
        lock.lock();
        try {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            lifecycle = Lifecycle.CLOSED;
            left = new ArrayList<>(clients);
            clients.clear();
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

    private boolean closed() {
        return lifecycle() == Lifecycle.CLOSED;
    }

    private void setBroken(boolean broken) {
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
    private boolean pause(Duration wait) {
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

    /** An upstream that answered. */
    private record Opened(URI upstream, HttpClientResponse response) {
    }

    /**
     * Opens the upstream request, failing over between the route's usable upstreams like a client stream; null when
     * none answered below 500 within {@code first-byte}.
     */
    private Opened open(String lastEventId) {
        int attempts = 1 + route.settings().resilience().retries();
        List<URI> tried = new ArrayList<>();
        for (int i = 0; i < attempts && !closed(); i++) {
            List<URI> usable = route.health().usable(tried);
            if (usable.isEmpty()) {
                return null;
            }
            URI picked;
            try {
                picked = route.balancer().pick(usable, target.view());
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "balancer plugin of route " + route.id() + " threw", e);
                picked = null;
            }
            if (picked == null || !usable.contains(picked)) {
                picked = usable.get(0);
            }
            tried.add(picked);
            route.health().picked(picked);
            HttpClientResponse answered = request(picked, lastEventId);
            if (answered == null) {
                route.health().failed(picked, "shared stream: no response head");
                continue;
            }
            int code = answered.status().code();
            if (code < 500) {
                route.health().succeeded(picked);
                return new Opened(picked, answered);
            }
            route.health().failed(picked, "answered " + code);
            answered.close();
        }
        return null;
    }

    /** One request to one upstream; null if it failed or sent no head within {@code first-byte}. */
    private HttpClientResponse request(URI picked, String lastEventId) {
        String base = picked.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        HttpClientRequest out = route.client().get()
                .uri(URI.create(base + target.pathAndQuery()))
                .followRedirects(false)
                .keepAlive(false);
        boolean accept = false;
        for (Map.Entry<String, List<String>> header : target.headers().entrySet()) {
            out.header(HeaderNames.create(header.getKey()), header.getValue().toArray(String[]::new));
            accept |= header.getKey().equals("accept");
        }
        if (!accept) {
            out.header(HeaderNames.ACCEPT, "text/event-stream");
        }
        if (lastEventId != null) {
            out.header(HeaderNames.create("Last-Event-ID"), lastEventId);
        }
        Thread me = Thread.currentThread();
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                me.interrupt();
            }
        }, route.settings().timeouts().firstByte().toMillis(), TimeUnit.MILLISECONDS);
        HttpClientResponse answered = null;
        try {
            answered = out.request();
        } catch (RuntimeException e) {
            LOGGER.log(Level.INFO, "route " + route.id() + ": shared stream " + id + ": upstream " + picked
                       + " failed: " + e);
        } finally {
            deadline.cancel(false);
            if (!done.compareAndSet(false, true)) {
                Thread.interrupted(); // timed out: the interrupt is spent
                if (answered != null) {
                    answered.close();
                    answered = null;
                }
            }
        }
        if (answered != null) {
            lock.lock();
            try {
                if (lifecycle == Lifecycle.CLOSED) {
                    answered.close();
                    return null;
                }
                response = answered;
            } finally {
                lock.unlock();
            }
        }
        return answered;
    }

    private static boolean shareable(HttpClientResponse response) {
        return response.status().code() / 100 == 2 && response.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("text/event-stream")).orElse(false);
    }

    private void tellBalancer(Consumer<URI> hook, URI picked) {
        try {
            hook.accept(picked);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "balancer plugin of route " + route.id() + " threw in a stream hook", e);
        }
    }

    private ResilienceSettings.Resume resume() {
        return route.settings().resilience().resume();
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

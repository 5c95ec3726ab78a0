package io.ssegateway.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An event source with one history, as a real one has: once {@link #publish started}, it publishes event 1, 2, 3,
 * ... at a steady rate until {@link #finishAt} (or forever); every {@code GET} on any path answers
 * {@code text/event-stream}, writes the events after the request's {@code Last-Event-ID} (without one: from the next
 * event published on) and then follows the live ones. So every stream, whichever gateway opened it and whenever,
 * sees the same id at the same time, and a client that ends with ids 1..N lost and repeated nothing. It counts the
 * stream requests per path, with and without {@code Last-Event-ID} (the reconnect load), and when each came.
 */
final class NumberedOrigin implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition newEvent = lock.newCondition();
    private final Map<String, Load> loads = new ConcurrentHashMap<>();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
    private volatile int published;
    private volatile int finish = Integer.MAX_VALUE;

    private NumberedOrigin(HttpServer server) {
        this.server = server;
    }

    /** Starts it on a free loopback port; nothing is published until {@link #publish}. */
    static NumberedOrigin start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        NumberedOrigin origin = new NumberedOrigin(server);
        server.createContext("/", origin::stream);
        server.setExecutor(origin.streams);
        server.start();
        return origin;
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Also tells {@code listener} each id as it is published (before the streams write it): a source that is not
     * this origin's streams, e.g. a publisher into a gateway's channel, can follow the same numbering.
     */
    void onPublish(IntConsumer listener) {
        listeners.add(listener);
    }

    /** Starts publishing: one event every {@code period}, the first at once. */
    void publish(Duration period) {
        ticker.scheduleAtFixedRate(this::next, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops publishing after event {@code last} (at once if it is already out). */
    void finishAt(int last) {
        finish = last;
    }

    /** The id of the latest event published (0: none yet). */
    int published() {
        return published;
    }

    /** The stream requests on {@code path} so far. */
    Load load(String path) {
        return loads.computeIfAbsent(path, p -> new Load());
    }

    private void next() {
        if (published >= finish) {
            return;
        }
        int id = published + 1;
        listeners.forEach(listener -> listener.accept(id));
        lock.lock();
        try {
            published = id;
            newEvent.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static byte[] event(int id) {
        return ("id: " + id + "\ndata: {\"n\":" + id + "}\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void stream(HttpExchange exchange) throws IOException {
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        Load load = load(exchange.getRequestURI().getPath());
        load.count(lastEventId != null);
        load.open.incrementAndGet();
        try (exchange) {
            int next = lastEventId == null ? published + 1 : Integer.parseInt(lastEventId.trim()) + 1;
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.flush();
            while (!Thread.currentThread().isInterrupted()) {
                int upTo = awaitAfter(next - 1);
                for (; next <= upTo; next++) {
                    body.write(event(next));
                }
                body.flush();
            }
        } catch (IOException | InterruptedException clientGone) {
            // the gateway closed the stream, or the origin is stopping
        } finally {
            load.open.decrementAndGet();
        }
    }

    /** Waits until an event after {@code id} is out; returns the latest id. */
    private int awaitAfter(int id) throws InterruptedException {
        lock.lock();
        try {
            while (published <= id) {
                newEvent.await();
            }
            return published;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        streams.shutdownNow();
    }

    /** The stream requests of one path: how many, how many with {@code Last-Event-ID}, and when those came. */
    static final class Load {
        private final ConcurrentLinkedQueue<Long> resumedAt = new ConcurrentLinkedQueue<>();
        private final AtomicInteger fresh = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();

        private void count(boolean withLastEventId) {
            if (withLastEventId) {
                resumedAt.add(System.nanoTime());
            } else {
                fresh.incrementAndGet();
            }
        }

        /** Requests without {@code Last-Event-ID}. */
        int fresh() {
            return fresh.get();
        }

        /** Streams open now (one the gateway closed counts until the origin's next write to it fails). */
        int open() {
            return open.get();
        }

        /** Requests with {@code Last-Event-ID}: the origin's reconnect load. */
        int withLastEventId() {
            return resumedAt.size();
        }

        /** The most requests with {@code Last-Event-ID} within one second. */
        int peakWithLastEventIdPerSecond() {
            long[] times = resumedAt.stream().mapToLong(Long::longValue).sorted().toArray();
            int peak = 0;
            int from = 0;
            for (int to = 0; to < times.length; to++) {
                while (times[to] - times[from] >= TimeUnit.SECONDS.toNanos(1)) {
                    from++;
                }
                peak = Math.max(peak, to - from + 1);
            }
            return peak;
        }
    }
}

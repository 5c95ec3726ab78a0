package io.ssegateway.gateway.poll;

import io.ssegateway.gateway.channel.Json;
import io.ssegateway.gateway.config.PollSettings;
import io.ssegateway.spi.broker.BrokerChannel;
import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The poller of one route's {@code source { poll { } }}: while the route has subscribers (and {@code linger} after
 * the last one left) it fetches the URL once per {@code interval} on one virtual thread, for all of them, with
 * {@code If-None-Match} and {@code If-Modified-Since} when the origin sent an {@code ETag} or
 * {@code Last-Modified}, and publishes an event into its channel when the body changed ({@code emit = on-change}:
 * compared as the event's data, so JSON that differs only in white space is no change) or after every fetch
 * ({@code every}). The event's data is the body: JSON written compactly on one line, other
 * text as it is (its line ends split it into {@code data:} lines; the line ends at its end are dropped). A fetch
 * that fails (no answer in {@code timeout}, a status other than 2xx and 304) is counted and logged once per
 * streak; subscribers keep their streams (with heartbeats) until the origin recovers.
 */
public final class SourcePoller implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(SourcePoller.class.getName());

    /** Where the poller is. */
    public enum State {
        /** No subscriber: not polling. */
        IDLE,
        /** Polling; the last fetch succeeded. */
        POLLING,
        /** Polling; the last fetch failed. */
        ORIGIN_ERROR,
        /** Closed with the gateway. */
        CLOSED
    }

    private final String routeId;
    private final PollSettings settings;
    private final BrokerChannel channel;
    private final HttpClient client;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();

    // under the lock
    private State state = State.IDLE;
    private int subscribers;
    private long idleSince = System.nanoTime();
    private Thread thread;

    // the poller thread's
    private String lastData;
    private String etag;
    private String lastModified;
    private boolean failing;

    /** A poller of {@code settings.url()} publishing into {@code channel}. */
    public SourcePoller(String routeId, PollSettings settings, BrokerChannel channel) {
        this.routeId = routeId;
        this.settings = settings;
        this.channel = channel;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** The route's subscribers and waiting long-polls now: the first starts polling, the last starts the linger. */
    public void subscribers(int count) {
        Thread start = null;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (count == 0 && subscribers > 0) {
                idleSince = System.nanoTime();
            }
            subscribers = count;
            if (count > 0 && state == State.IDLE) {
                state = State.POLLING;
                start = Thread.ofVirtual().name("sse-poll-" + routeId).unstarted(this::run);
                thread = start;
            }
        } finally {
            lock.unlock();
        }
        if (start != null) {
            LOGGER.fine(() -> "route " + routeId + ": polling " + settings.url() + " every " + settings.interval());
            start.start();
        }
    }

    /** Where the poller is. */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Requests made to the origin so far. */
    public long requests() {
        return requests.get();
    }

    /** Requests the origin answered {@code 304 Not Modified}. */
    public long notModified() {
        return notModified.get();
    }

    /** Fetches that failed (no answer in time, or a status other than 2xx and 304). */
    public long errors() {
        return errors.get();
    }

    /** Events published (changes of the body, or every fetch with {@code emit = every}). */
    public long changes() {
        return changes.get();
    }

    /** Stops polling for good. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            state = State.CLOSED;
            t = thread;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            t.interrupt();
        }
        client.close();
    }

    private void run() {
        try {
            while (true) {
                fetch();
                if (!pause()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Waits one interval; false when polling is to stop (closed, or no subscriber for {@code linger}). */
    private boolean pause() throws InterruptedException {
        long left = settings.interval().toNanos();
        lock.lock();
        try {
            while (state != State.CLOSED && left > 0) {
                left = changed.awaitNanos(left);
            }
            if (state == State.CLOSED) {
                return false;
            }
            if (subscribers == 0 && System.nanoTime() - idleSince >= settings.linger().toNanos()) {
                state = State.IDLE;
                thread = null;
                LOGGER.fine(() -> "route " + routeId + ": no subscriber for " + settings.linger() + "; polling stops");
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void fetch() throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout()).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        requests.incrementAndGet();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            failed("no answer: " + e);
            return;
        }
        int status = response.statusCode();
        if (status == 304) {
            notModified.incrementAndGet();
            recovered();
            return;
        }
        if (status / 100 != 2) {
            failed("answered " + status);
            return;
        }
        recovered();
        etag = response.headers().firstValue("ETag").orElse(null);
        lastModified = response.headers().firstValue("Last-Modified").orElse(null);
        String data = data(response.body(), response.headers().firstValue("Content-Type"));
        if (settings.emit() == PollSettings.Emit.ON_CHANGE && data.equals(lastData)) {
            return;
        }
        lastData = data;
        try {
            channel.publish(List.of(new ChannelEvent("", "", data)));
            changes.incrementAndGet();
        } catch (BrokerUnavailableException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "route " + routeId + ": a polled value could not be published", e);
        }
    }

    /** The body as event data: JSON compact on one line, other text without its final line ends. */
    static String data(byte[] body, Optional<String> contentType) {
        String type = contentType.orElse("").toLowerCase(Locale.ROOT);
        Charset charset = StandardCharsets.UTF_8;
        int at = type.indexOf("charset=");
        if (at >= 0) {
            try {
                charset = Charset.forName(type.substring(at + 8).split("[;, ]", 2)[0].replace("\"", ""));
            } catch (RuntimeException e) {
                // an unknown charset: UTF-8
            }
        }
        String text = new String(body, charset);
        String media = type.split(";", 2)[0].strip();
        if (media.equals("application/json") || media.endsWith("+json")) {
            try {
                return Json.write(Json.parse(text));
            } catch (Json.MalformedException e) {
                // not JSON after all: as text
            }
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private void failed(String why) {
        errors.incrementAndGet();
        setState(State.ORIGIN_ERROR);
        if (!failing) {
            failing = true;
            LOGGER.warning("route " + routeId + ": polling " + settings.url() + " failed (" + why + "); subscribers"
                           + " keep their streams, polling again every " + settings.interval());
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOGGER.info("route " + routeId + ": polling " + settings.url() + " answers again");
        }
        setState(State.POLLING);
    }

    private void setState(State next) {
        lock.lock();
        try {
            if (state != State.CLOSED && state != State.IDLE) {
                state = next;
            }
        } finally {
            lock.unlock();
        }
    }
}

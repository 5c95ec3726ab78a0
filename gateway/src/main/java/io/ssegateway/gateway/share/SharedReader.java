package io.ssegateway.gateway.share;

import io.helidon.webclient.api.HttpClientResponse;
import io.ssegateway.gateway.config.ResilienceSettings;
import io.ssegateway.gateway.resilience.Backoff;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.sse.EventTooLargeException;
import io.ssegateway.gateway.sse.SseParser;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A shared stream's reader, its one virtual thread: opens the upstream, reads it into whole blocks with
 * {@link SseParser} (handed to {@link SharedBlocks}, then to every client) and, when the upstream breaks, resumes it
 * with {@code Last-Event-ID} (the route's {@code resume} settings) once for all clients. A clean end of the upstream's
 * response ends every client's response, unless {@code resume.on-end} resumes it too; a resumed upstream that ends or
 * breaks before it hands out an event with a new id counts as a failed attempt, and a {@code 204} answer to a resume
 * ends the stream.
 */
final class SharedReader implements Runnable {
    private static final Logger LOGGER = Logger.getLogger(SharedReader.class.getName());
    /** Large, so a reader that fell behind takes the whole backlog in one read and wakes each client once for it. */
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int NO_CONTENT = 204;
    /** A reader that has found bytes waiting on every read for this long steps aside once. */
    private static final long STEP_ASIDE_NANOS = 1_000_000;
    /** A read that took longer than this waited for the upstream (others ran meanwhile). */
    private static final long WAITED_NANOS = 50_000;

    private final SharedStream stream;
    private final Route route;
    private final UpstreamOpener opener;
    private final SharedBlocks blocks;
    private final Publisher publisher;

    SharedReader(SharedStream stream, Route route, UpstreamOpener opener) {
        this.stream = stream;
        this.route = route;
        this.opener = opener;
        this.publisher = new Publisher(stream::publish);
        this.blocks = new SharedBlocks(route, stream, publisher);
    }

    @Override
    public void run() {
        Thread.ofVirtual().name("sse-shared-fanout-" + stream.streamId()).start(publisher);
        try {
            read();
        } finally {
            publisher.stop();
        }
    }

    private void read() {
        UpstreamOpener.Opened first = opener.open(null);
        if (first == null) {
            stream.refused(opener.failure());
            return;
        }
        if (!UpstreamOpener.shareable(first.response())) {
            LOGGER.info("route " + route.id() + ": shared stream " + stream.streamId() + " not made: upstream "
                        + first.upstream() + " answered " + first.response().status().code() + " "
                        + first.response().headers().contentType().map(Object::toString).orElse("")
                        + "; the clients that waited for it get that answer");
            stream.refused(opener.readWhole(first));
            return;
        }
        if (!stream.live(first.upstream(), first.response())) {
            first.response().close();
            return;
        }
        UpstreamOpener.Opened current = first;
        int attempt = 0;
        while (true) {
            String idBefore = blocks.lastId();
            ClientQueue.End ended = relay(current);
            if (stream.closed()) {
                return;
            }
            if (!Objects.equals(blocks.lastId(), idBefore)) {
                attempt = 0; // the upstream handed out new events: its end starts a new series of attempts
            } else if (attempt > 0 && resumes(ended)) {
                LOGGER.warning("route " + route.id() + ": shared stream " + stream.streamId() + " resumed on "
                               + current.upstream() + " " + ended.name().toLowerCase(Locale.ROOT)
                               + " without a new event (attempt " + attempt + " of " + resume().maxAttempts() + ")");
            }
            if (!resumes(ended) || !resume().enabled() || blocks.lastId() == null) {
                stream.finish(ended);
                return;
            }
            stream.broken(true);
            UpstreamOpener.Opened next = null;
            while (next == null && attempt < resume().maxAttempts()) {
                Long retry = blocks.retry();
                Duration wait = retry != null
                        ? Duration.ofMillis(Math.min(retry, resume().backoffMax().toMillis()))
                        : Backoff.delay(resume().backoffInitial(), resume().backoffMax(), attempt);
                attempt++;
                if (!stream.pause(wait)) {
                    return;
                }
                UpstreamOpener.Opened tried = opener.open(blocks.lastId());
                if (tried != null && tried.response().status().code() == NO_CONTENT) {
                    tried.response().close();
                    LOGGER.info("route " + route.id() + ": shared stream " + stream.streamId() + " not resumed: "
                                + tried.upstream() + " answered 204 No Content after id " + blocks.lastId());
                    stream.finish(ClientQueue.End.UPSTREAM_ENDED); // the event stream's "stop reconnecting"
                    return;
                }
                if (tried != null && UpstreamOpener.shareable(tried.response())) {
                    next = tried;
                } else {
                    if (tried != null) {
                        tried.response().close();
                    }
                    LOGGER.warning("route " + route.id() + ": shared stream " + stream.streamId() + " resume attempt "
                                   + attempt + " of " + resume().maxAttempts() + " after id " + blocks.lastId()
                                   + " failed");
                }
            }
            if (next == null) {
                stream.finish(ClientQueue.End.UPSTREAM_ERROR);
                return;
            }
            LOGGER.info("route " + route.id() + ": shared stream " + stream.streamId() + " resumed on "
                        + next.upstream() + " after id " + blocks.lastId());
            if (!stream.resumed(next.response())) {
                next.response().close();
                return;
            }
            blocks.resumed();
            current = next;
        }
    }

    /**
     * Whether an upstream that stopped this way is resumed (resume on): broken, or ended cleanly with {@code on-end}
     * (for origins that end streams to shed load).
     */
    private boolean resumes(ClientQueue.End ended) {
        return ended == ClientQueue.End.UPSTREAM_ERROR || ended == ClientQueue.End.UPSTREAM_ENDED && resume().onEnd();
    }

    /** Reads one upstream body to its end; returns how it ended. */
    private ClientQueue.End relay(UpstreamOpener.Opened current) {
        tellBalancer(route.balancer()::streamOpened, current.upstream());
        stream.upstream(current.upstream().toString());
        SseParser parser = new SseParser(route.settings().maxEventSize(), blocks::accept);
        byte[] buffer = new byte[BUFFER_SIZE];
        HttpClientResponse response = current.response();
        try (InputStream in = response.inputStream()) {
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
                try {
                    parser.feed(buffer, 0, n);
                } finally {
                    blocks.flush(); // the whole blocks of this read, each client woken once for them
                }
                if (readAt - busySince > STEP_ASIDE_NANOS) {
                    // virtual threads are not time-sliced: a busy upstream would keep the clients' writers (woken on
                    // this carrier's queue) waiting; a timed park lets them run (as RelayLoop does)
                    LockSupport.parkNanos(1);
                    busySince = System.nanoTime();
                }
            }
        } catch (EventTooLargeException e) {
            awaitPublished();
            LOGGER.warning("route " + route.id() + ": upstream " + current.upstream() + " sent an event over "
                           + e.limit() + " bytes (max-event-size); shared stream " + stream.streamId() + " closed");
            stream.finish(ClientQueue.End.UPSTREAM_ENDED); // not resumed, even with on-end: it would send it again
            return ClientQueue.End.UPSTREAM_ENDED;
        } catch (IOException | RuntimeException e) {
            if (!stream.closed()) {
                route.health().failed(current.upstream(), "shared stream broke after " + stream.events() + " events");
            }
            return ClientQueue.End.UPSTREAM_ERROR;
        } finally {
            response.close();
            tellBalancer(route.balancer()::streamClosed, current.upstream());
            awaitPublished(); // what was read goes to the clients before their stream may end
        }
    }

    /** Waits until the events read so far were handed to the clients; returns early when the stream closes. */
    private void awaitPublished() {
        try {
            publisher.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the stream is closing: the reader's next wait sees it
        }
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
}

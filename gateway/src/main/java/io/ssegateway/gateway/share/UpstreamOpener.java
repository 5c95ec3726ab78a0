package io.ssegateway.gateway.share;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.ssegateway.gateway.route.Route;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens a shared stream's upstream request (the first one, or a resume with {@code Last-Event-ID}): fails over
 * between the route's usable upstreams as a client stream does, each attempt bounded by {@code first-byte}. Runs on
 * the shared stream's reader thread; the response it gets is handed to the stream at once, so a close of the stream
 * closes it.
 */
final class UpstreamOpener {
    private static final Logger LOGGER = Logger.getLogger(UpstreamOpener.class.getName());

    /** An upstream that answered. */
    record Opened(URI upstream, HttpClientResponse response) {
    }

    private final SharedStream stream;
    private final Route route;
    private final SharedStream.Target target;
    private final ScheduledExecutorService timer;
    /** Why the last {@link #open} got no answer: the reader's only. */
    private FirstAnswer.Failed failure;

    UpstreamOpener(SharedStream stream, Route route, SharedStream.Target target, ScheduledExecutorService timer) {
        this.stream = stream;
        this.route = route;
        this.target = target;
        this.timer = timer;
    }

    /**
     * Opens the upstream request, failing over between the route's usable upstreams; the first answer below 500, or
     * the last upstream's 5xx, or null when none answered within {@code first-byte} ({@link #failure} tells why).
     */
    Opened open(String lastEventId) {
        int attempts = 1 + route.settings().resilience().retries();
        List<URI> tried = new ArrayList<>();
        Opened serverError = null;
        failure = new FirstAnswer.Failed(502, "no_usable_upstream", "no upstream of route " + route.id()
                                         + " is usable now");
        for (int i = 0; i < attempts && !stream.closed(); i++) {
            List<URI> usable = route.health().usable(tried);
            if (usable.isEmpty()) {
                break;
            }
            if (serverError != null) {
                serverError.response().close(); // another upstream is tried
                serverError = null;
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
            serverError = new Opened(picked, answered);
        }
        return serverError;
    }

    /** Why the last {@link #open} that returned null got no answer. */
    FirstAnswer.Failed failure() {
        return failure;
    }

    /**
     * Reads an answer that is not an event stream whole, within {@code first-byte}, for the clients that waited for
     * it; a body over {@link FirstAnswer#MAX_BODY} bytes, or not read in time, makes a {@code 502}. Closes it.
     */
    FirstAnswer readWhole(Opened opened) {
        HttpClientResponse r = opened.response();
        Thread me = Thread.currentThread();
        AtomicBoolean done = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadline(me, done);
        try (InputStream in = r.inputStream()) {
            byte[] body = in.readNBytes(FirstAnswer.MAX_BODY + 1);
            if (body.length > FirstAnswer.MAX_BODY) {
                return new FirstAnswer.Failed(502, "upstream_answer_too_large", "upstream " + opened.upstream()
                        + " answered " + r.status().code() + " with a body over " + FirstAnswer.MAX_BODY
                        + " bytes; the clients of a shared stream get at most that");
            }
            return new FirstAnswer.Other(r.status().code(), r.status().reasonPhrase(),
                                         WritableHeaders.create(r.headers()), opened.upstream().toString(), body);
        } catch (IOException | RuntimeException e) {
            return new FirstAnswer.Failed(502, "upstream_error", "upstream " + opened.upstream() + " answered "
                    + r.status().code() + " but its body could not be read: " + e);
        } finally {
            deadline.cancel(false);
            if (!done.compareAndSet(false, true)) {
                Thread.interrupted(); // timed out: the interrupt is spent
            }
            r.close();
        }
    }

    /** Interrupts {@code me} after {@code first-byte} unless {@code done} is set first. */
    private ScheduledFuture<?> deadline(Thread me, AtomicBoolean done) {
        return timer.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                me.interrupt();
            }
        }, route.settings().timeouts().firstByte().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether an answer is an event stream the clients can share: 2xx and {@code text/event-stream}. */
    static boolean shareable(HttpClientResponse response) {
        return response.status().code() / 100 == 2 && response.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("text/event-stream")).orElse(false);
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
        ScheduledFuture<?> deadline = deadline(me, done);
        HttpClientResponse answered = null;
        RuntimeException failed = null;
        try {
            answered = out.request();
        } catch (RuntimeException e) {
            failed = e;
            LOGGER.log(Level.INFO, "route " + route.id() + ": shared stream " + stream.streamId() + ": upstream "
                       + picked + " failed: " + e);
        } finally {
            deadline.cancel(false);
            if (!done.compareAndSet(false, true)) {
                Thread.interrupted(); // timed out: the interrupt is spent
                if (answered != null) {
                    answered.close();
                    answered = null;
                }
                failure = new FirstAnswer.Failed(504, "upstream_timeout", "upstream " + picked + " sent no response"
                        + " headers within " + route.settings().timeouts().firstByte().toMillis() + " ms");
            } else if (failed != null) {
                failure = new FirstAnswer.Failed(502, "upstream_unreachable", "upstream " + picked
                        + " is unreachable: " + failed.getMessage());
            }
        }
        if (answered != null && !stream.holdResponse(answered)) {
            answered.close();
            return null;
        }
        return answered;
    }
}

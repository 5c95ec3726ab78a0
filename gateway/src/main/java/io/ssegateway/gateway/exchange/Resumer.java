package io.ssegateway.gateway.exchange;

import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.ssegateway.gateway.relay.RelayLoop;
import io.ssegateway.gateway.relay.ResumePoint;
import io.ssegateway.gateway.route.Route;
import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.upstream.UpstreamBody;
import io.ssegateway.gateway.upstream.UpstreamCall;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays a stream's upstream bodies one after the other: the first, then, while the client stays and the
 * {@link ResumePolicy} says so, each resumed one, asked for with {@code Last-Event-ID}. A clean end (the last chunk,
 * the whole {@code Content-Length}, a close between events) ends the client's response; so does a {@code 204} answer
 * to a resume.
 */
final class Resumer {
    private static final Logger LOGGER = Logger.getLogger(Resumer.class.getName());

    private final Route route;
    private final ServerRequest req;
    private final StreamState stream;
    private final UpstreamCall call;
    private final ResumePolicy policy;

    Resumer(Route route, ServerRequest req, StreamState stream, UpstreamCall call) {
        this.route = route;
        this.req = req;
        this.stream = stream;
        this.call = call;
        this.policy = new ResumePolicy(route.settings().resilience().resume());
    }

    /**
     * Relays {@code current}'s body with {@code loop}, then resumed upstreams' while the policy resumes; returns why
     * the stream ended. {@code resumable}: the first answer was a 2xx event stream.
     */
    CloseReason relay(RelayLoop loop, UpstreamCall.Result current, AuthDecision.Allow allowed, boolean eventStream,
                      boolean resumable) {
        ResumePoint point = loop.resumePoint();
        while (true) {
            String idBefore = point.lastId();
            CloseReason reason = relayOne(loop, current, eventStream);
            if (loop.handedOff()) {
                return reason; // the client goes on on a shared stream; this upstream is closed
            }
            String lastId = point.lastId();
            if (policy.ended(!Objects.equals(lastId, idBefore), reason)) {
                LOGGER.warning("route " + route.id() + ": stream " + stream.streamId() + " resumed on "
                               + current.upstream() + " " + reason.name().toLowerCase() + " without a new event"
                               + " (attempt " + policy.attempt() + " of " + policy.maxAttempts() + ")");
            }
            if (!policy.resumesAfter(reason, resumable, lastId, loop.atBlockBoundary())) {
                return reason;
            }
            UpstreamCall.Result next = null;
            while (next == null && policy.attemptsLeft()) {
                if (!pause(policy.nextWait(point.retry()))) {
                    return stream.abortReason();
                }
                UpstreamCall.Result tried = call.connectAside(allowed, lastId);
                ResumePolicy.Answer answer = tried.failure() != null ? ResumePolicy.Answer.FAILED
                        : ResumePolicy.judge(tried.response().status().code(),
                                             StreamExchange.isEventStream(tried.response()));
                switch (answer) {
                case STOPPED -> {
                    tried.response().close();
                    LOGGER.info("route " + route.id() + ": stream " + stream.streamId() + " not resumed: "
                                + tried.upstream() + " answered 204 No Content after id " + lastId);
                    return CloseReason.UPSTREAM_ENDED; // the event stream's "stop reconnecting"
                }
                case RESUMED -> next = tried;
                case FAILED -> failed(tried, lastId);
                }
            }
            if (next == null) {
                return reason;
            }
            LOGGER.info("route " + route.id() + ": stream " + stream.streamId() + " resumed on " + next.upstream()
                        + " after id " + lastId + " (" + reason.name().toLowerCase() + " before)");
            route.monitors().resumed(stream, true);
            stream.upstreamConnection(next.response());
            current = next;
        }
    }

    /** Relays one upstream body to its end; returns why it ended (a body cut at the connection's close: broken). */
    private CloseReason relayOne(RelayLoop loop, UpstreamCall.Result current, boolean eventStream) {
        URI upstream = current.upstream();
        tellBalancer(route.balancer()::streamOpened, upstream);
        CloseReason reason;
        boolean cutAtClose;
        try {
            InputStream body = body(current, eventStream);
            reason = loop.run(body);
            // a body that only the connection's close ends, closed inside an event, was cut, not finished
            cutAtClose = reason == CloseReason.UPSTREAM_ENDED && UpstreamBody.endsAtClose(body)
                    && !loop.upstreamBetweenBlocks() && !loop.handedOff();
        } finally {
            tellBalancer(route.balancer()::streamClosed, upstream);
            stream.closeUpstream();
        }
        if (cutAtClose) {
            reason = CloseReason.UPSTREAM_ERROR;
        }
        if (reason == CloseReason.UPSTREAM_ERROR) {
            route.health().failed(upstream, "stream broke after " + stream.events() + " events");
        }
        return reason;
    }

    /** A resume attempt failed: its response let go, the failure logged and heard by the monitors. */
    private void failed(UpstreamCall.Result tried, String lastId) {
        if (tried.response() != null) {
            tried.response().close();
            call.dropped(tried.upstream());
        }
        String why = tried.failure() != null ? tried.failure().message()
                : "upstream answered " + tried.response().status().code();
        LOGGER.warning("route " + route.id() + ": stream " + stream.streamId() + " resume attempt "
                       + policy.attempt() + " of " + policy.maxAttempts() + " after id " + lastId + " failed: "
                       + why);
        route.monitors().resumed(stream, false);
    }

    /** The body to relay; a body that reads the connection itself closes it, and the response is let go. */
    private InputStream body(UpstreamCall.Result current, boolean eventStream) {
        InputStream body = UpstreamBody.of(current.response(), eventStream, req.prologue().method() == Method.HEAD);
        if (UpstreamBody.ownsConnection(body)) {
            stream.upstreamConnection(body);
            current.release();
        }
        return body;
    }

    /** Tells the balancer a stream opened or closed; an exception there is logged and counted, the stream goes on. */
    private void tellBalancer(Consumer<URI> hook, URI upstream) {
        try {
            hook.accept(upstream);
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "balancer plugin of route " + route.id() + " threw in a stream hook; the stream"
                    + " goes on (stream " + stream.streamId() + ")", e);
            route.monitors().error(stream, "balancer", e);
        }
    }

    /** Waits, returning false early if the stream was aborted meanwhile (client gone, shutdown). */
    private boolean pause(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        while (stream.abortReason() == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}

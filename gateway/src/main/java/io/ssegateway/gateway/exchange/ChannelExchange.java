package io.ssegateway.gateway.exchange;

import io.ssegateway.gateway.stream.StreamState;
import io.ssegateway.gateway.stream.StreamSupervisor;
import io.ssegateway.gateway.edge.ErrorAnswers;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.ssegateway.gateway.channel.Json;
import io.ssegateway.gateway.channel.PublishedEvents;
import io.ssegateway.gateway.resilience.StreamLimits;
import io.ssegateway.gateway.route.Monitors;
import io.ssegateway.gateway.share.Channel;
import io.ssegateway.gateway.share.ChannelFanout;
import io.ssegateway.gateway.share.ClientQueue;
import io.ssegateway.gateway.share.SharedEvent;
import io.ssegateway.spi.auth.AuthDecision;
import io.ssegateway.spi.auth.Authenticator;
import io.ssegateway.spi.broker.BrokerUnavailableException;
import io.ssegateway.spi.broker.ChannelEvent;
import io.ssegateway.spi.monitor.CloseReason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request on a channel's path (or a polled route's, which takes {@code GET} only). {@code POST} publishes the body's events ({@link PublishedEvents}) after the
 * channel's publish auth, answering {@code 202} with their ids as JSON; {@code GET} subscribes after its subscribe
 * auth, within the route's limits: over SSE (the default), as NDJSON ({@code Accept: application/x-ndjson} or
 * {@code ?format=ndjson}), or as a long-poll ({@code Accept: application/json} or {@code ?format=json}) that answers
 * a JSON array of the events after {@code Last-Event-ID} (or the {@code lastEventId} query parameter), waiting up to
 * {@code wait} seconds (capped by {@code long-poll.max-wait}) for the next ones. Streaming subscribers are written
 * from their {@link ClientQueue} on the request's own thread, as shared-stream clients are.
 */
final class ChannelExchange {
    private static final Logger LOGGER = Logger.getLogger(ChannelExchange.class.getName());
    private static final byte[] SSE_HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NDJSON_HEARTBEAT = "\n".getBytes(StandardCharsets.US_ASCII);

    private final Channel channel;
    private final ServerRequest req;
    private final ServerResponse res;
    private final StreamSupervisor supervisor;
    private final StreamLimits limits;
    private final String path;
    private final ClientRequestView view;
    private final StreamState stream;
    private final Admission admission;

    ChannelExchange(Channel channel, ServerRequest req, ServerResponse res, StreamSupervisor supervisor,
                    StreamLimits limits, String path) {
        this.channel = channel;
        this.req = req;
        this.res = res;
        this.supervisor = supervisor;
        this.limits = limits;
        this.path = path;
        this.view = new ClientRequestView(req, channel.id());
        this.stream = new StreamState(channel.route(), view.clientAddress());
        this.admission = new Admission("channel", channel.id(), channel.route().monitors(), view, stream, res);
    }

    void run() {
        if (!path.equals(channel.settings().path())) {
            ErrorAnswers.json(res, 404, "no_route", "no channel or route at this path; channel " + channel.id()
                    + " is at " + channel.settings().path(), channel.id());
            return;
        }
        Method method = req.prologue().method();
        if (method == Method.POST && channel.poller().isPresent()) {
            res.header(HeaderNames.ALLOW, "GET, OPTIONS");
            closeUnreadBody();
            ErrorAnswers.json(res, 405, "method_not_allowed", "route " + channel.id() + " streams a polled source;"
                    + " it takes GET only", channel.id());
        } else if (method == Method.POST) {
            publish();
        } else if (method == Method.GET) {
            subscribe();
        } else {
            res.header(HeaderNames.ALLOW, "GET, POST, OPTIONS");
            closeUnreadBody();
            ErrorAnswers.json(res, 405, "method_not_allowed", "a channel takes GET (subscribe) and POST (publish)",
                              channel.id());
        }
    }

    // ---- publishing

    private void publish() {
        if (authenticate(channel.publishAuth(), "publish", true) == null) {
            return;
        }
        PublishedEvents.Kind kind = PublishedEvents.kind(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null));
        if (kind == PublishedEvents.Kind.UNSUPPORTED) {
            closeUnreadBody();
            ErrorAnswers.json(res, 415, "unsupported_media_type", "publish with Content-Type application/json or"
                    + " text/event-stream", channel.id());
            return;
        }
        long max = channel.settings().maxEventSize();
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > max) {
            closeUnreadBody();
            ErrorAnswers.json(res, 400, "body_too_large", "the body has " + declared.get() + " bytes, over the"
                    + " channel's max-event-size of " + max + " bytes; nothing was published", channel.id());
            return;
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                closeUnreadBody();
                ErrorAnswers.json(res, 400, "body_too_large", "the body is over the channel's max-event-size of "
                        + max + " bytes; nothing was published", channel.id());
                return;
            }
        } catch (IOException | RuntimeException e) {
            res.header(HeaderNames.CONNECTION, "close");
            ErrorAnswers.json(res, 400, "bad_body", "the body could not be read: " + e.getMessage(), channel.id());
            return;
        }
        List<ChannelEvent> events;
        try {
            events = PublishedEvents.parse(kind, body);
        } catch (PublishedEvents.BadBodyException e) {
            ErrorAnswers.json(res, 400, e.error(), e.getMessage() + "; nothing was published", channel.id());
            return;
        }
        List<ChannelEvent> stored;
        try {
            stored = channel.fanout().publish(events);
        } catch (BrokerUnavailableException e) {
            LOGGER.info("channel " + channel.id() + ": publish refused, the broker cannot be reached: "
                        + e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, limits.settings().retryAfter()
                    .toSeconds())));
            ErrorAnswers.json(res, 503, "broker_unavailable", "the channel's broker cannot be reached; nothing was"
                    + " published, try again", channel.id());
            return;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "channel " + channel.id() + ": the broker failed a publish", e);
            ErrorAnswers.json(res, 500, "broker_error", "the channel's broker failed; nothing was published",
                              channel.id());
            return;
        }
        StringBuilder answer = new StringBuilder(32 + 16 * stored.size()).append("{\"channel\":");
        Json.quote(answer, channel.id()).append(",\"ids\":[");
        for (int i = 0; i < stored.size(); i++) {
            if (i > 0) {
                answer.append(',');
            }
            Json.quote(answer, stored.get(i).id());
        }
        answer.append("]}\n");
        res.status(Status.ACCEPTED_202);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(answer.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A body this answer does not read: the connection closes after it, so the body is not taken as a request. */
    private void closeUnreadBody() {
        if (req.prologue().protocolVersion().startsWith("1") && (req.headers().contentLength().isPresent()
                || req.headers().contains(HeaderNames.TRANSFER_ENCODING))) {
            res.header(HeaderNames.CONNECTION, "close");
        }
    }

    // ---- subscribing

    private void subscribe() {
        Delivery delivery;
        Duration wait;
        String lastEventId;
        try {
            delivery = Delivery.of(req);
            wait = delivery == Delivery.LONG_POLL ? Delivery.waitFor(req, channel.settings().longPollMaxWait())
                    : Duration.ZERO;
            lastEventId = Delivery.lastEventId(req);
        } catch (IllegalArgumentException e) {
            ErrorAnswers.json(res, 400, "bad_query", e.getMessage(), channel.id());
            return;
        }
        AuthDecision.Allow allowed = authenticate(channel.route().auth(), "subscribe", false);
        if (allowed == null) {
            return;
        }
        String client = allowed.identity().isEmpty() ? view.clientAddress() : allowed.identity();
        StreamLimits.Refusal refusal = limits.acquire(channel.id(), client);
        if (refusal != StreamLimits.Refusal.NONE) {
            refuse(refusal, delivery);
            return;
        }
        supervisor.add(stream);
        try {
            if (delivery == Delivery.LONG_POLL) {
                longPoll(lastEventId, wait);
            } else {
                allowed.expiresAt().ifPresent(at -> stream.credentialExpiresIn(Duration.between(Instant.now(), at)));
                stream(delivery, lastEventId);
            }
        } finally {
            limits.release(channel.id(), client);
            supervisor.remove(stream);
            stream.closed();
        }
    }

    private void longPoll(String lastEventId, Duration wait) {
        Thread me = Thread.currentThread();
        stream.upstreamConnection(me::interrupt); // a drain or a client gone ends the wait at once
        stream.connecting(System.nanoTime() + wait.plusSeconds(60).toNanos());
        stream.connected();
        List<ChannelEvent> events;
        try {
            events = channel.fanout().poll(lastEventId, wait);
        } catch (InterruptedException e) {
            Thread.interrupted();
            events = List.of();
        } finally {
            stream.upstreamConnection(null);
            Thread.interrupted(); // an abort that came as the wait ended
        }
        StringBuilder body = new StringBuilder(2 + 64 * events.size()).append('[');
        for (int i = 0; i < events.size(); i++) {
            ChannelEvent event = events.get(i);
            if (i > 0) {
                body.append(',');
            }
            body.append(Json.event(event.id(), event.event(), event.data()));
        }
        body.append("]\n");
        channel.fanout().delivered(events.size());
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        stream.status(200);
        stream.counted(events.size(), bytes.length);
        channel.route().monitors().opened(stream);
        res.status(Status.OK_200);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        CloseReason reason = CloseReason.UPSTREAM_ENDED;
        try {
            res.send(bytes);
        } catch (RuntimeException e) {
            reason = CloseReason.CLIENT_GONE;
        }
        channel.route().monitors().closed(stream, reason);
    }

    private void stream(Delivery delivery, String lastEventId) {
        ChannelFanout.Format format = delivery == Delivery.NDJSON ? ChannelFanout.Format.NDJSON
                : ChannelFanout.Format.SSE;
        ClientQueue queue = new ClientQueue(channel.settings().maxQueue());
        channel.fanout().join(queue, format, lastEventId);
        CloseReason reason = CloseReason.ERROR;
        try {
            // an abort (client gone, write stall, drain) ends the queue, which wakes the writer
            stream.upstreamConnection(queue::close);
            reason = relay(queue, format);
        } finally {
            channel.fanout().leave(queue);
            queue.close();
            channel.route().monitors().closed(stream, reason);
        }
    }

    private CloseReason relay(ClientQueue queue, ChannelFanout.Format format) {
        stream.upstream("channel:" + channel.id());
        stream.status(200);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, format == ChannelFanout.Format.NDJSON ? "application/x-ndjson"
                : "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        OutputStream out = StreamingResponse.open(req, res, stream);
        if (out == null) {
            return CloseReason.CLIENT_GONE;
        }
        return new QueuedClientWriter(stream, queue, channel.route().monitors(), channel.settings().heartbeat(),
                                      new Events(channel.fanout(), channel.route().monitors(), format)).stream(out);
    }

    /**
     * A channel's subscriber takes its events one at a time, as the channel formatted them for it (SSE or NDJSON),
     * and flushes when it has written all that waits. An SSE subscriber closed by the gateway (a drain, a slow client,
     * a broken broker) is told to reconnect.
     */
    private static final class Events extends QueuedClientWriter.OneAtATime {
        private final ChannelFanout fanout;
        private final Monitors monitors;
        private final ChannelFanout.Format format;

        Events(ChannelFanout fanout, Monitors monitors, ChannelFanout.Format format) {
            super(format == ChannelFanout.Format.NDJSON ? NDJSON_HEARTBEAT : SSE_HEARTBEAT);
            this.fanout = fanout;
            this.monitors = monitors;
            this.format = format;
        }

        @Override
        void write(SharedEvent event, ClientQueue queue, OutputStream out, StreamState stream) throws IOException {
            out.write(event.bytes());
            if (queue.isEmpty()) {
                out.flush();
            }
            stream.counted(1, event.size());
            fanout.delivered(1);
            monitors.event(stream, event.size(), System.nanoTime() - event.madeNanos());
        }

        @Override
        public boolean hintsRetry(CloseReason reason) {
            return format == ChannelFanout.Format.SSE && (reason == CloseReason.SHUTDOWN
                                                          || reason == CloseReason.SLOW_CLIENT
                                                          || reason == CloseReason.UPSTREAM_ERROR);
        }
    }

    // ---- both

    /**
     * Runs an auth plugin (none: anyone); answers and returns null when the request is denied (closing the
     * connection after the answer when the request has a body that is not read).
     */
    private AuthDecision.Allow authenticate(Optional<Authenticator> auth, String what, boolean hasBody) {
        return admission.authenticate(auth, what + " ", hasBody ? this::closeUnreadBody : () -> { });
    }

    /** 503 for the gateway-wide limit, 429 for the channel's and the client's, or the retry answer for SSE. */
    private void refuse(StreamLimits.Refusal refusal, Delivery delivery) {
        admission.refuse(refusal, limits.settings().retryAfter(), delivery == Delivery.SSE);
    }
}

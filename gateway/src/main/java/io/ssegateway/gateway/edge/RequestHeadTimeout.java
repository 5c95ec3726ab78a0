package io.ssegateway.gateway.edge;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Cuts HTTP/1.1 clients that are slow to send a request head (slowloris): the request line must be complete
 * within the timeout of the connection opening or (plus up to a second) of the previous request ending (an idle
 * keep-alive connection is closed then too), and the headers within the timeout of the request line. Helidon has no such timeout of its
 * own (its read timeout does not apply to its NIO sockets), so each HTTP/1.1 connection is wrapped and one timer
 * thread checks them. A client cut in the middle of a request head gets {@code 408} and the connection is closed.
 */
public final class RequestHeadTimeout implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(RequestHeadTimeout.class.getName());

    private final long timeoutNanos;
    private final Duration timeout;
    private final byte[] answer408;
    private final Set<Watched> connections = ConcurrentHashMap.newKeySet();
    private final Map<ConnectionContext, Watched> byContext = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** A timeout whose 408 answers carry these security headers; starts the timer thread. */
    public RequestHeadTimeout(Duration timeout, EdgeHeaders edgeHeaders) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.answer408 = answer408(edgeHeaders);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sse-request-head-timeout");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.clamp(timeout.toMillis() / 4, 20, 250);
        timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** The HTTP/1.1 selector with every connection it makes watched. */
    public ServerConnectionSelector wrap(ServerConnectionSelector http1) {
        return new WrappingSelector(http1, Watched::new);
    }

    /** The listener that tells when a request line is complete and when its headers are. */
    public Http1ConnectionListener listener() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                Watched watched = byContext.get(ctx);
                if (watched != null) {
                    watched.headersSince = System.nanoTime();
                }
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                Watched watched = byContext.get(ctx);
                if (watched != null) {
                    watched.headersSince = 0;
                    watched.requests++;
                }
            }
        };
    }

    /** Open HTTP/1.1 connections being watched. */
    int watched() {
        return connections.size();
    }

    private void check() {
        long now = System.nanoTime();
        for (Watched watched : connections) {
            try {
                long headersSince = watched.headersSince;
                if (headersSince != 0 && now - headersSince > timeoutNanos) {
                    watched.cut(true);
                } else if (watched.readingRequestLine() && watched.idleLongerThanTimeout(now)) {
                    watched.cut(watched.ctx.dataReader().available() > 0);
                }
            } catch (RuntimeException e) {
                // a connection that ended under us
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static byte[] answer408(EdgeHeaders edgeHeaders) {
        byte[] body = ErrorAnswers.jsonBody("request_timeout", "the request head was not complete within the"
                + " gateway's timeout (server.request-head.timeout)", null);
        StringBuilder head = new StringBuilder("HTTP/1.1 408 Request Timeout\r\n")
                .append("Content-Type: application/json\r\nCache-Control: no-store\r\nConnection: close\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        io.helidon.http.ServerResponseHeaders extra = io.helidon.http.ServerResponseHeaders.create();
        edgeHeaders.gatewayMade(extra);
        extra.forEach(h -> head.append(h.name()).append(": ").append(h.get()).append("\r\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** One watched HTTP/1.1 connection. */
    private final class Watched implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection delegate;
        private final ConnectionContext ctx;
        private final long opened = System.nanoTime();
        private volatile long headersSince;
        private volatile int requests;
        private volatile boolean cut;

        Watched(ServerConnection delegate, ConnectionContext ctx) {
            this.delegate = delegate;
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            connections.add(this);
            byContext.put(ctx, this);
            try {
                delegate.handle(limit);
            } finally {
                connections.remove(this);
                byContext.remove(ctx);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }

        /**
         * Whether the connection has waited for a request line longer than the timeout: since it opened, or since
         * its last request ended (Helidon's idle time, which ticks in whole seconds, so a second is added).
         */
        boolean idleLongerThanTimeout(long now) {
            if (requests == 0) {
                return now - opened > timeoutNanos;
            }
            return delegate.idleTime().compareTo(timeout.plusSeconds(1)) > 0;
        }

        /** Whether the connection waits for (the rest of) a request line, not inside a request. */
        boolean readingRequestLine() {
            return canInterrupt();
        }

        void cut(boolean answer) {
            if (cut) {
                return;
            }
            cut = true;
            connections.remove(this);
            if (answer) {
                LOGGER.fine(() -> "request head from " + ctx.remotePeer().address() + " not complete within "
                        + timeout.toMillis() + " ms; connection closed");
                try {
                    ctx.dataWriter().writeNow(BufferData.create(answer408));
                } catch (RuntimeException e) {
                    // the client is gone already
                }
            }
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                // closed already
            }
        }
    }
}

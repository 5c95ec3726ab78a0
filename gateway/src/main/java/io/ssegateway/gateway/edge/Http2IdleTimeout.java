package io.ssegateway.gateway.edge;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;

/**
 * Keeps Helidon's idle-connection timeout ({@code server.idle-timeout}) off HTTP/2 connections that carry an open
 * stream. Helidon 4.5 counts an HTTP/2 connection idle from the last frame the client sent for a stream, so a quiet
 * event stream whose client only reads (the gateway's heartbeats are server frames, and a client acknowledges
 * them with connection-level WINDOW_UPDATEs, which do not count) was idle after the timeout: Helidon then ended the
 * connection's loop, and at the client's next frame sent GOAWAY and closed the socket, cutting every stream on it.
 * HTTP/1.1 has no such problem (Helidon never cuts a request in progress there).
 * <p>
 * Each HTTP/2 connection is wrapped: while it has a stream in progress (Helidon's own "cannot interrupt"), it
 * reports no idle time; once its last stream has ended it is idle from whichever is later, the client's last
 * stream frame or the last time Helidon's check saw it busy (at most one check period after the stream ended). An
 * HTTP/2 connection without streams is still closed after the timeout.
 */
public final class Http2IdleTimeout {
    private Http2IdleTimeout() {
    }

    /** How often Helidon looks for idle connections: a quarter of the timeout, within 250 ms and 2 minutes. */
    public static Duration checkPeriod(Duration timeout) {
        return Duration.ofMillis(Math.clamp(timeout.toMillis() / 4, 250, Duration.ofMinutes(2).toMillis()));
    }

    /** The HTTP/2 selector with every connection it makes counted idle only without open streams. */
    public static ServerConnectionSelector wrap(ServerConnectionSelector http2) {
        return new WrappingSelector(http2, (connection, ctx) -> new BusyNotIdle(connection));
    }

    /** An HTTP/2 connection that is not idle while it has a stream in progress. */
    private static final class BusyNotIdle implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection delegate;
        private volatile long lastBusy = System.nanoTime();

        BusyNotIdle(ServerConnection delegate) {
            this.delegate = delegate;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            delegate.handle(limit);
        }

        @Override
        public Duration idleTime() {
            long now = System.nanoTime();
            if (!canInterrupt()) {
                lastBusy = now;
                return Duration.ZERO;
            }
            Duration sinceBusy = Duration.ofNanos(now - lastBusy);
            Duration idle = delegate.idleTime();
            return idle.compareTo(sinceBusy) < 0 ? idle : sinceBusy;
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        /** Whether the connection has no stream in progress (Helidon's own test before it interrupts one). */
        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}

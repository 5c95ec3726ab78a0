package io.ssegateway.spi.monitor;

/** Why a stream closed. */
public enum CloseReason {
    /** The client went away. */
    CLIENT_GONE,
    /** The upstream ended its response. */
    UPSTREAM_ENDED,
    /** The upstream connection broke or timed out. */
    UPSTREAM_ERROR,
    /** The client stopped reading for longer than {@code write-stall}. */
    WRITE_STALL,
    /** An upstream event exceeded {@code max-event-size}. */
    EVENT_TOO_LARGE,
    /** The client fell behind a shared stream by more than its {@code max-queue}; it was told to reconnect. */
    SLOW_CLIENT,
    /** The gateway is shutting down or draining. */
    SHUTDOWN,
    /**
     * The credential the stream was allowed with expired ({@link io.ssegateway.spi.auth.AuthDecision.Allow#expiresAt()}):
     * the client was told to reconnect ({@code retry:}) with a fresh one.
     */
    AUTH_EXPIRED,
    /** Anything else; the monitor's error hook says more. */
    ERROR
}

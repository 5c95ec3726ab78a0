package io.ssegateway.gateway.config;

import java.time.Duration;
import java.util.List;

/**
 * A route's shared streams: requests with an equal share key join one upstream stream.
 *
 * @param keyHeaders      request headers (lower case) whose values join the upstream path and query in the key
 * @param keyIdentity     whether the authenticated identity is part of the key (one upstream per user)
 * @param upstreamHeaders request headers (lower case) the shared upstream request carries; nothing else of a client's
 * @param linger          how long the upstream stays open after its last client left
 * @param replay          the events kept for clients that reconnect with {@code Last-Event-ID}
 * @param maxQueue        bytes a client may fall behind the shared stream before it is closed ({@code slow_client})
 */
public record ShareSettings(List<String> keyHeaders, boolean keyIdentity, List<String> upstreamHeaders,
                            Duration linger, Replay replay, long maxQueue) {
    /** Default linger: 5 s. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(5);
    /** Default per-client queue: 1 MiB. */
    public static final long DEFAULT_MAX_QUEUE = 1024L * 1024L;

    /** Copies the lists. */
    public ShareSettings {
        keyHeaders = List.copyOf(keyHeaders);
        upstreamHeaders = List.copyOf(upstreamHeaders);
    }

    /** Sharing by path and query only, no headers upstream, default linger, replay and queue. */
    public static ShareSettings defaults() {
        return new ShareSettings(List.of(), false, List.of(), DEFAULT_LINGER, Replay.defaults(), DEFAULT_MAX_QUEUE);
    }

    /**
     * The replay buffer: the last events of the shared stream, bounded three ways (whichever bound is hit first).
     *
     * @param events the most events kept (0: no replay)
     * @param age    the oldest event kept
     * @param bytes  the most bytes kept
     */
    public record Replay(int events, Duration age, long bytes) {
        /** 1000 events, 5 minutes, 4 MiB. */
        public static Replay defaults() {
            return new Replay(1000, Duration.ofMinutes(5), 4L * 1024L * 1024L);
        }
    }
}

package io.ssegateway.gateway.relay;

import io.ssegateway.gateway.sse.RelayedIds;

/**
 * Where a resume of the stream starts: the ids of the events written to the client (the last one goes upstream as
 * {@code Last-Event-ID}; a resumed upstream's events that repeat one are dropped) and the upstream's last
 * {@code retry:}. A loop that relays no events (a body that is not an event stream) leaves it empty.
 */
public final class ResumePoint {
    /** The ids of the events written to the client. */
    final RelayedIds ids = new RelayedIds();
    private Long retry;

    ResumePoint() {
    }

    /** The id of the last event relayed to the client, or null if none carried one (or ids are not tracked). */
    public String lastId() {
        return ids.last();
    }

    /** The upstream's last {@code retry:} value in ms, or null. */
    public Long retry() {
        return retry;
    }

    void retry(long ms) {
        this.retry = ms;
    }

    /** A resumed upstream starts: the ids written so far are the ones it must not repeat. */
    void resumed() {
        ids.resumed();
    }
}

package io.ssegateway.gateway.share;

/**
 * One whole block of a shared stream as it goes to clients: the bytes of one complete event (or comment or
 * {@code retry} block) as the upstream sent them, after transforms if the route has any. The array is shared by
 * every client's queue and the replay buffer and is never written after the event is made.
 *
 * @param bytes     the block's bytes, through its terminating blank line
 * @param id        the block's own {@code id} field, or null when it has none
 * @param lastId    the last event id in effect after this block ({@code ""} when none yet)
 * @param dispatches whether the block dispatches an event (it has data), so it counts as one
 * @param madeNanos {@link System#nanoTime()} when the block was read from the upstream
 */
public record SharedEvent(byte[] bytes, String id, String lastId, boolean dispatches, long madeNanos) {
    /** The bytes the block takes in queues and the replay buffer. */
    public int size() {
        return bytes.length;
    }
}

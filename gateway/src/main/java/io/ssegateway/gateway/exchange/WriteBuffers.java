package io.ssegateway.gateway.exchange;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small pool of equal write buffers shared by the clients of shared streams: a client takes one for a batch of
 * writes and gives it back once the batch is flushed, so thousands of parked clients hold none (5,000 clients of S5
 * held 4 KiB each for good) while only the few writing at one moment hold one. At most {@link #SLOTS} wait here; more
 * given back are left to the collector, and a take with none waiting makes a new one.
 */
final class WriteBuffers {
    /** Buffers kept waiting at most: a few per core writing at once is plenty; bounded so the pool costs ~260 KB. */
    static final int SLOTS = 64;

    private final int length;
    private final AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(SLOTS);

    /** A pool of buffers of {@code length} bytes. */
    WriteBuffers(int length) {
        this.length = length;
    }

    /** The length of this pool's buffers. */
    int length() {
        return length;
    }

    /** A buffer of {@link #length()} bytes, one waiting here or a new one; its content is whatever was left in it. */
    byte[] take() {
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            byte[] buf = slots.get(slot);
            if (buf != null && slots.compareAndSet(slot, buf, null)) {
                return buf;
            }
        }
        return new byte[length];
    }

    /** Gives a buffer back (one of another length, or one with every slot full, is left to the collector). */
    void give(byte[] buf) {
        if (buf.length != length) {
            return;
        }
        int start = start();
        for (int i = 0; i < SLOTS; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, buf)) {
                return;
            }
        }
    }

    /** Buffers waiting now. */
    int waiting() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** Where a thread starts looking, so the carriers' threads seldom race for one slot. */
    private static int start() {
        return (int) Thread.currentThread().threadId() * 7;
    }
}

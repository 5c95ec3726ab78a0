package io.ssegateway.gateway.observe;

/** A per-second rate sampled from a growing total, kept for the last {@code size} samples. */
final class RateHistory {
    private final double[] rates;
    private int next;
    private int filled;
    private long lastTotal = -1;
    private long lastNanos;

    RateHistory(int size) {
        this.rates = new double[size];
    }

    /** Records the rate since the previous sample; the first sample only sets the starting point. */
    synchronized void sample(long total, long nanos) {
        if (lastTotal >= 0 && nanos > lastNanos) {
            rates[next] = (total - lastTotal) * 1e9 / (nanos - lastNanos);
            next = (next + 1) % rates.length;
            filled = Math.min(filled + 1, rates.length);
        }
        lastTotal = total;
        lastNanos = nanos;
    }

    /** The samples, oldest first. */
    synchronized double[] rates() {
        double[] copy = new double[filled];
        for (int i = 0; i < filled; i++) {
            copy[i] = rates[Math.floorMod(next - filled + i, rates.length)];
        }
        return copy;
    }

    /** The latest sample, or 0 before there is one. */
    synchronized double latest() {
        return filled == 0 ? 0 : rates[Math.floorMod(next - 1, rates.length)];
    }
}

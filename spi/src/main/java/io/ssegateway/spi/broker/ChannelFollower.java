package io.ssegateway.spi.broker;

import java.time.Duration;
import java.util.List;

/**
 * A live reader of one channel from a position: returns each event published after that position once, in order.
 * The gateway uses one follower per channel per instance, on one virtual thread, and fans its events out to that
 * instance's subscribers.
 *
 * @since SPI 1.2
 */
public interface ChannelFollower extends AutoCloseable {
    /**
     * Waits up to {@code maxWait} for events after the last one returned (or after the position the follower was
     * opened at), and returns them, oldest first; an empty list when none came in time. After a
     * {@link BrokerUnavailableException} the follower keeps its position: the next call continues where the last
     * successful one ended, so a broker outage loses nothing that the broker kept.
     *
     * @param maxWait how long to block at most; positive
     * @return the next events, possibly empty
     * @throws BrokerUnavailableException when the broker cannot be reached
     * @throws InterruptedException       when the calling thread is interrupted (the gateway interrupts it to stop)
     */
    List<ChannelEvent> next(Duration maxWait) throws BrokerUnavailableException, InterruptedException;

    /** Releases what the follower holds (a connection, a registration); a call to {@link #next} blocked in another
     * thread returns or throws soon after. Never throws. */
    @Override
    void close();
}
